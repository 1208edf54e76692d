// A document loader for a verifier that credstack does not control.
//
// It knows what any verifier may be expected to have: the W3C contexts (the VC, DID and
// security vocabularies) and the 1EdTech contexts, from the bundle credstack ships, and
// did:key, which resolves without a network (Digital Bazaar's driver). Everything else it
// fetches over HTTP, and only from one origin (a running credstack server): a context
// credstack authors, a did:web DID document, a status list. Any other URL is refused, so
// nothing can be answered from a bundled copy of credstack's own context.
//
// did:web is defined over https; the test server listens on http://127.0.0.1:<port>, so a
// did:web DID of that host is fetched from the origin with its scheme. That is the only
// liberty taken.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {CONTEXTS_DIR, resolveDidKey} from './documentLoader.mjs';

// folders of src/credstack/core/resources/contexts holding W3C and 1EdTech contexts
const STANDARD_FOLDERS = ['w3c/', 'security/', '1edtech/'];

const VERIFICATION_RELATIONSHIPS = [
  'verificationMethod', 'assertionMethod', 'authentication',
  'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'
];

function loadStandardContexts() {
  const index = JSON.parse(readFileSync(join(CONTEXTS_DIR, 'index.json'), 'utf8'));
  const contexts = new Map();
  for(const [url, file] of Object.entries(index.contexts)) {
    if(STANDARD_FOLDERS.some(folder => file.startsWith(folder))) {
      contexts.set(url, JSON.parse(readFileSync(join(CONTEXTS_DIR, file), 'utf8')));
    }
  }
  return contexts;
}

export const STANDARD_CONTEXTS = loadStandardContexts();

/**
 * Creates a document loader that fetches from `origin` whatever is not a standard context.
 *
 * @param {object} options - The options.
 * @param {string} options.origin - The only origin fetched from (`http://127.0.0.1:8000`).
 * @param {Array<object>} options.fetched - Receives `{url, status, contentType, body}` for
 *   every HTTP response (`body` base64), so that the caller can see what came from where.
 * @returns {Function} A jsonld.js document loader.
 */
export function createWebDocumentLoader({origin, fetched}) {
  const server = new URL(origin);
  const documents = new Map();

  async function get(url) {
    if(!documents.has(url)) {
      documents.set(url, fetchJson(url));
    }
    return documents.get(url);
  }

  async function fetchJson(url) {
    const response = await fetch(url, {
      headers: {accept: 'application/ld+json, application/json;q=0.9'},
      redirect: 'error'
    });
    const body = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    fetched.push({url, status: response.status, contentType, body: body.toString('base64')});
    if(!response.ok) {
      throw new Error(`web document loader: GET ${url} answered ${response.status}`);
    }
    return JSON.parse(body.toString('utf8'));
  }

  function didWebUrl(did) {
    const [host, ...path] = did.slice('did:web:'.length).split(':');
    const authority = decodeURIComponent(host);
    if(authority !== server.host) {
      return null;
    }
    const suffix = path.length === 0 ? '.well-known' : path.map(decodeURIComponent).join('/');
    return `${server.protocol}//${authority}/${suffix}/did.json`;
  }

  return async function documentLoader(url) {
    const context = STANDARD_CONTEXTS.get(url);
    if(context !== undefined) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(context)};
    }
    if(url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await resolveDidKey(url)};
    }
    if(url.startsWith('did:web:')) {
      const [did] = url.split('#');
      const location = didWebUrl(did);
      if(location === null) {
        throw new Error(`web document loader refuses "${url}": not a DID of ${server.host}`);
      }
      const document = await get(location);
      if(document.id !== did) {
        throw new Error(`web document loader: ${location} is the DID document of ${document.id}`);
      }
      return {contextUrl: null, documentUrl: url, document: verificationMethod(document, url)};
    }
    if(new URL(url).origin === server.origin) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(await get(url))};
    }
    throw new Error(
      `web document loader refuses "${url}": neither a W3C or 1EdTech context nor a ` +
      `document of ${server.origin}`);
  };
}

function verificationMethod(document, url) {
  if(!url.includes('#')) {
    return structuredClone(document);
  }
  for(const relationship of VERIFICATION_RELATIONSHIPS) {
    for(const method of [].concat(document[relationship] ?? [])) {
      if(typeof method === 'object' && method.id === url) {
        return {'@context': document['@context'], ...structuredClone(method)};
      }
    }
  }
  throw new Error(`web document loader: ${document.id} has no verification method ${url}`);
}
