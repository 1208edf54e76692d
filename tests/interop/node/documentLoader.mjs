// An offline JSON-LD document loader for the interoperability tests.
//
// It serves exactly three kinds of document and throws for anything else, so that nothing is
// ever fetched from the network:
//   1. the JSON-LD contexts bundled with credstack (src/credstack/core/resources/contexts,
//      listed in its index.json), and contexts supplied with a request under the URL a
//      platform serves them at;
//   2. controller documents (DID documents) supplied with a request, and the verification
//      methods inside them;
//   3. did:key DIDs and their verification methods, resolved by Digital Bazaar's own did:key
//      driver, so that the DID document a verifier uses is not one credstack built.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CONTEXTS_DIR = join(
  HERE, '..', '..', '..', 'src', 'credstack', 'core', 'resources', 'contexts');

// Ed25519 Multikey public keys start with "z6Mk" (multicodec 0xed01, base58btc).
const ED25519_MULTIKEY_HEADER = 'z6Mk';

const VERIFICATION_RELATIONSHIPS = [
  'verificationMethod', 'assertionMethod', 'authentication',
  'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'
];

function loadBundledContexts() {
  const index = JSON.parse(readFileSync(join(CONTEXTS_DIR, 'index.json'), 'utf8'));
  const contexts = new Map();
  for(const [url, file] of Object.entries(index.contexts)) {
    contexts.set(url, JSON.parse(readFileSync(join(CONTEXTS_DIR, file), 'utf8')));
  }
  return contexts;
}

const CONTEXTS = loadBundledContexts();

const DID_KEY = didKeyDriver();
DID_KEY.use({
  multibaseMultikeyHeader: ED25519_MULTIKEY_HEADER,
  fromMultibase: Ed25519Multikey.from
});

/**
 * Resolves a did:key DID or verification method with Digital Bazaar's did:key driver.
 *
 * @param {string} url - A `did:key:` DID or DID URL.
 * @returns {Promise<object>} The DID document, or the verification method.
 */
export async function resolveDidKey(url) {
  return DID_KEY.get({url});
}

function indexControllerDocuments(controllerDocuments) {
  const documents = new Map();
  for(const document of controllerDocuments) {
    if(typeof document?.id !== 'string') {
      throw new TypeError('every controller document needs a string "id"');
    }
    documents.set(document.id, document);
    for(const relationship of VERIFICATION_RELATIONSHIPS) {
      for(const method of [].concat(document[relationship] ?? [])) {
        if(typeof method === 'object' && typeof method.id === 'string') {
          documents.set(method.id, {'@context': document['@context'], ...method});
        }
      }
    }
  }
  return documents;
}

/**
 * Creates a document loader for one request.
 *
 * @param {object} [options] - The options.
 * @param {Array<object>} [options.controllerDocuments] - DID / controller documents to serve.
 * @param {object} [options.contexts] - URL -> context document, served besides the bundled
 *   ones (a platform's own copy of a context, at the URL it serves it).
 * @returns {Function} A jsonld.js document loader.
 */
export function createDocumentLoader({controllerDocuments = [], contexts = {}} = {}) {
  const documents = indexControllerDocuments(controllerDocuments);
  const servedContexts = new Map(Object.entries(contexts));

  return async function documentLoader(url) {
    const context = CONTEXTS.get(url) ?? servedContexts.get(url);
    if(context !== undefined) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(context)};
    }
    const supplied = documents.get(url);
    if(supplied !== undefined) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(supplied)};
    }
    if(url.startsWith('did:key:')) {
      const document = await resolveDidKey(url);
      return {contextUrl: null, documentUrl: url, document};
    }
    throw new Error(
      `offline document loader: "${url}" is neither a bundled context nor a supplied ` +
      'controller document');
  };
}
