// Reads {credential, controllerDocuments} as JSON on stdin; writes {verified, errors}.
import {runOnce, verify} from './operations.mjs';

await runOnce(verify);
