// Reads {credential, keyPair, cryptosuite, date} as JSON on stdin; writes the signed credential.
import {runOnce, sign} from './operations.mjs';

await runOnce(sign);
