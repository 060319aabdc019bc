// The sign-up proof of work (GET /api/v1/challenge): find a decimal nonce such that
// SHA-256("challenge:nonce") has at least `difficulty` leading zero bits. Web Workers search
// interleaved nonces in parallel; without workers the search runs here in short chunks that yield
// to the event loop, so the page stays responsive either way.
import { searchNonce } from './sha256.js';

const CHUNK = 4000;

function withWorkers({ challenge, difficulty }, { signal, onProgress }) {
  const count = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  const workers = [];
  let tried = 0;
  return new Promise((resolve, reject) => {
    const stop = () => { for (const w of workers) w.terminate(); };
    signal?.addEventListener('abort', () => { stop(); reject(new DOMException('aborted', 'AbortError')); });
    for (let k = 0; k < count; k++) {
      const w = new Worker(new URL('../workers/pow.worker.js', import.meta.url), { type: 'module' });
      workers.push(w);
      w.onmessage = (e) => {
        if (e.data.nonce !== undefined) { stop(); resolve(String(e.data.nonce)); return; }
        tried += e.data.tried || 0;
        onProgress?.(tried);
      };
      w.onerror = (e) => { stop(); reject(e.error || new Error('worker failed')); };
      w.postMessage({ challenge, difficulty, start: k, step: count });
    }
  });
}

async function inline({ challenge, difficulty }, { signal, onProgress }) {
  for (let n = 0; ; n += CHUNK) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const found = searchNonce(challenge, difficulty, n, CHUNK);
    if (found >= 0) return String(found);
    onProgress?.(n + CHUNK);
    await new Promise((r) => setTimeout(r, 0));
  }
}

export async function solveChallenge(ch, opts = {}) {
  if (ch.algorithm && String(ch.algorithm).toLowerCase() !== 'sha256') throw new Error(`unsupported algorithm ${ch.algorithm}`);
  const difficulty = Number(ch.difficulty) || 0;
  if (difficulty <= 0) return '0';
  if (typeof Worker !== 'undefined') {
    try {
      return await withWorkers({ challenge: ch.challenge, difficulty }, opts);
    } catch (err) {
      if (err?.name === 'AbortError') throw err;
      // Workers unavailable (a strict CSP, an old browser): search here instead.
    }
  }
  return inline({ challenge: ch.challenge, difficulty }, opts);
}
