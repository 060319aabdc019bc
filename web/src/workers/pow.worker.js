// Searches nonces for the sign-up proof of work off the main thread: this worker tries
// start, start + step, start + 2·step, … and posts {nonce} when one has enough leading zero bits.
import { searchNonce } from '../lib/sha256.js';

const CHUNK = 20000;

self.onmessage = (e) => {
  const { challenge, difficulty, start, step } = e.data;
  for (let n = start; ; n += CHUNK * step) {
    const found = searchNonce(challenge, difficulty, n, CHUNK, step);
    if (found >= 0) {
      self.postMessage({ nonce: found });
      return;
    }
    self.postMessage({ tried: CHUNK });
  }
};
