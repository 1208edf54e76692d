// Sign and verify Verifiable Credentials and Presentations with Digital Bazaar's libraries.
//
// Every operation takes and returns plain JSON, so that sign.mjs / verify.mjs (one request per
// process) and server.mjs (JSON lines, one process per test module) share them.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {cryptosuite as eddsaRdfc2022Cryptosuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

import {createDocumentLoader} from './documentLoader.mjs';
import {createWebDocumentLoader} from './webDocumentLoader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

export const PACKAGES = [
  '@digitalbazaar/vc',
  '@digitalbazaar/vc-bitstring-status-list',
  '@digitalbazaar/data-integrity',
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite',
  '@digitalbazaar/ed25519-multikey',
  '@digitalbazaar/did-method-key',
  'jsonld-signatures',
  'jsonld',
  'rdf-canonize'
];

/**
 * The installed version of each package the operations use.
 *
 * @returns {object} Package name -> version.
 */
export function installedVersions() {
  const versions = {node: process.versions.node};
  for(const name of PACKAGES) {
    const manifest = join(HERE, 'node_modules', ...name.split('/'), 'package.json');
    versions[name] = JSON.parse(readFileSync(manifest, 'utf8')).version;
  }
  return versions;
}

const SIGN_CRYPTOSUITES = {
  'eddsa-rdfc-2022': () => eddsaRdfc2022Cryptosuite,
  'eddsa-jcs-2022': () => createJcsSignCryptosuite()
};

/**
 * Issues a credential: adds a Data Integrity proof with `vc.issue`.
 *
 * @param {object} request - The request.
 * @param {object} request.credential - The unsigned credential.
 * @param {object} request.keyPair - Multikey: publicKeyMultibase, secretKeyMultibase,
 *   controller and id (the verification method URL).
 * @param {string} request.cryptosuite - "eddsa-rdfc-2022" or "eddsa-jcs-2022".
 * @param {string} [request.date] - The proof's `created` date-time.
 * @param {Array<object>} [request.controllerDocuments] - Served by the document loader.
 * @returns {Promise<object>} The signed credential.
 */
export async function sign({
  credential, keyPair, cryptosuite, date, controllerDocuments = []
}) {
  const makeCryptosuite = SIGN_CRYPTOSUITES[cryptosuite];
  if(makeCryptosuite === undefined) {
    throw new TypeError(`unsupported cryptosuite "${cryptosuite}"`);
  }
  const key = await Ed25519Multikey.from({type: 'Multikey', ...keyPair});
  const suite = new DataIntegrityProof({
    signer: key.signer(), date, cryptosuite: makeCryptosuite()
  });
  return vc.issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: createDocumentLoader({controllerDocuments})
  });
}

/**
 * Verifies a credential with `vc.verifyCredential`, accepting both EdDSA cryptosuites.
 *
 * @param {object} request - The request.
 * @param {object} request.credential - The signed credential.
 * @param {Array<object>} [request.controllerDocuments] - DID / controller documents.
 * @param {Array<object>} [request.statusListCredentials] - Bitstring Status List credentials,
 *   served by their ids; a credential with a `credentialStatus` is checked against them with
 *   Digital Bazaar's `vc-bitstring-status-list` (which also verifies the list's own proof and
 *   that its issuer is the credential's).
 * @param {object} [request.contexts] - URL -> context document, besides the bundled ones.
 * @param {string} [request.now] - The date-time to check validity dates against.
 * @returns {Promise<object>} `{verified, errors, statuses}`; `errors` are the messages of every
 *   error the verifier reported, `statuses` each checked status entry's purpose and bit.
 */
export async function verify({
  credential, controllerDocuments = [], statusListCredentials = [], contexts = {}, now
}) {
  const documentLoader = createDocumentLoader({
    controllerDocuments: [...controllerDocuments, ...statusListCredentials], contexts
  });
  return verifyWith({credential, documentLoader, now});
}

/**
 * Verifies a credential as a verifier elsewhere does: with only the W3C and 1EdTech contexts
 * at hand, fetching everything else (contexts, the did:web DID document, status lists) over
 * HTTP from `origin` and refusing any other URL (webDocumentLoader.mjs).
 *
 * @param {object} request - The request.
 * @param {object} request.credential - The signed credential.
 * @param {string} request.origin - The one origin documents are fetched from.
 * @param {string} [request.now] - The date-time to check validity dates against.
 * @returns {Promise<object>} What `verify` returns; `readErrors`, the messages of reading the
 *   credential as JSON-LD in safe mode (empty: every term is defined); and `fetched`, every
 *   HTTP response the loader received (`{url, status, contentType, body}`, `body` base64).
 */
export async function verifyOnTheWeb({credential, origin, now}) {
  const fetched = [];
  const documentLoader = createWebDocumentLoader({origin, fetched});
  const verification = await verifyWith({credential, documentLoader, now});
  // what a verifier that shows the claims does next: read the credential as JSON-LD, in safe
  // mode (a term no context defines is an error); a JCS proof alone never loads a context
  const readErrors = [];
  try {
    await jsonld.expand(structuredClone(credential), {documentLoader, safe: true});
  } catch(error) {
    collectMessages(error, readErrors);
  }
  return {...verification, readErrors, fetched};
}

async function verifyWith({credential, documentLoader, now}) {
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022Cryptosuite}),
    new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()})
  ];
  const result = await vc.verifyCredential({
    credential: structuredClone(credential),
    suite,
    documentLoader,
    ...(credential.credentialStatus === undefined ? {} : {checkStatus}),
    ...(now === undefined ? {} : {now})
  });
  const errors = [];
  collectMessages(result.error, errors);
  for(const proofResult of result.results ?? []) {
    collectMessages(proofResult.error, errors);
    collectMessages(proofResult.purposeResult?.error, errors);
  }
  collectMessages(result.statusResult?.error, errors);
  // vc-bitstring-status-list reports a set bit (revoked) as a *verified* status check with
  // `status: true`: the bits are returned for the caller to judge
  const statuses = (result.statusResult?.results ?? []).map(status => ({
    purpose: status.credentialStatus?.statusPurpose, set: status.status === true
  }));
  return {verified: result.verified === true, errors: [...new Set(errors)], statuses};
}

/**
 * Presents credentials: `vc.createPresentation`, then, given a key, `vc.signPresentation`
 * (an `authentication` proof answering `challenge`, naming `domain` if given).
 *
 * @param {object} request - The request.
 * @param {Array<object>} request.verifiableCredential - The credentials to present.
 * @param {string} [request.holder] - The presentation's `holder`.
 * @param {object} [request.keyPair] - The holder's Multikey (as for `sign`); none: unsigned.
 * @param {string} [request.cryptosuite] - "eddsa-rdfc-2022" or "eddsa-jcs-2022".
 * @param {string} [request.date] - The proof's `created` date-time.
 * @param {string} [request.challenge] - The challenge the proof answers.
 * @param {string} [request.domain] - The domain the proof names.
 * @returns {Promise<object>} The presentation, signed if a key was given.
 */
export async function present({
  verifiableCredential, holder, keyPair, cryptosuite = 'eddsa-rdfc-2022', date, challenge,
  domain
}) {
  const presentation = vc.createPresentation({
    verifiableCredential: structuredClone(verifiableCredential), holder, version: 2.0
  });
  if(keyPair === undefined) {
    return presentation;
  }
  const makeCryptosuite = SIGN_CRYPTOSUITES[cryptosuite];
  if(makeCryptosuite === undefined) {
    throw new TypeError(`unsupported cryptosuite "${cryptosuite}"`);
  }
  const key = await Ed25519Multikey.from({type: 'Multikey', ...keyPair});
  const suite = new DataIntegrityProof({
    signer: key.signer(), date, cryptosuite: makeCryptosuite()
  });
  return vc.signPresentation({
    presentation, suite, challenge, domain, documentLoader: createDocumentLoader()
  });
}

/**
 * Verifies a presentation with `vc.verify`: its proof (an `authentication` proof answering
 * `challenge` and naming `domain`) and every credential in it.
 *
 * @param {object} request - The request.
 * @param {object} request.presentation - The presentation.
 * @param {string} [request.challenge] - The expected challenge (`vc.verify` requires one).
 * @param {string} [request.domain] - The expected domain.
 * @param {boolean} [request.unsignedPresentation] - Accept a presentation without a proof.
 * @returns {Promise<object>} `{verified, errors, credentials}`: `errors` are the messages of
 *   every error reported, `credentials` whether each credential verified.
 */
export async function verifyPresentation({
  presentation, challenge, domain, unsignedPresentation = false
}) {
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022Cryptosuite}),
    new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()})
  ];
  let result;
  try {
    result = await vc.verify({
      presentation: structuredClone(presentation), suite, challenge, domain,
      unsignedPresentation, documentLoader: createDocumentLoader()
    });
  } catch(error) {
    // vc.verify rejects (rather than answering verified: false) when no challenge is given
    return {verified: false, errors: [String(error.message ?? error)], credentials: []};
  }
  const errors = [];
  collectMessages(result.error, errors);
  for(const proofResult of result.presentationResult?.results ?? []) {
    collectMessages(proofResult.error, errors);
    collectMessages(proofResult.purposeResult?.error, errors);
  }
  const credentials = (result.credentialResults ?? []).map(r => r.verified === true);
  return {verified: result.verified === true, errors: [...new Set(errors)], credentials};
}

function collectMessages(error, into) {
  if(!error) {
    return;
  }
  if(Array.isArray(error.errors) && error.errors.length > 0) {
    for(const inner of error.errors) {
      collectMessages(inner, into);
    }
    return;
  }
  let message = String(error.message ?? error);
  // jsonld.js safe-mode errors say which rule failed only in their details
  const event = error.details?.event;
  if(event?.code) {
    message += ` [${event.code}: ${JSON.stringify(event.details ?? {})}]`;
  }
  const cause = error.details?.cause ?? error.cause;
  if(cause?.message) {
    message += ` (cause: ${cause.message})`;
  }
  into.push(message);
}

export const OPERATIONS = {sign, verify, present, verifyPresentation, verifyOnTheWeb};

/**
 * Reads one JSON request from stdin, runs `operation` and writes the JSON result to stdout.
 *
 * @param {Function} operation - `sign` or `verify`.
 */
export async function runOnce(operation) {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const result = await operation(request);
  process.stdout.write(JSON.stringify(result) + '\n');
}
