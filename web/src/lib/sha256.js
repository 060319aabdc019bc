// SHA-256 (FIPS 180-4) in plain JS for the sign-up proof of work: small, synchronous and fast on
// short messages (crypto.subtle is asynchronous per call, which makes a search loop crawl).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);

function block(H, bytes, off) {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15];
    const y = W[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = H[0]; let b = H[1]; let c = H[2]; let d = H[3];
  let e = H[4]; let f = H[5]; let g = H[6]; let h = H[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
  H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
}

const INIT = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const TAIL = new Uint8Array(128);

// Hashes bytes[from, len) after the state `start` (INIT, or a midstate after `from` bytes that
// came before) into `out`; `from` must be a multiple of 64.
function digest(start, bytes, from, len, out) {
  const H = out;
  H.set(start);
  const full = len - ((len - from) % 64);
  for (let off = from; off < full; off += 64) block(H, bytes, off);
  const tailLen = len - full;
  const tail = TAIL;
  const end = tailLen < 56 ? 64 : 128;
  for (let i = 0; i < tailLen; i++) tail[i] = bytes[full + i];
  tail[tailLen] = 0x80;
  for (let i = tailLen + 1; i < end; i++) tail[i] = 0;
  const bits = len * 8;
  tail[end - 5] = (bits / 0x100000000) & 0xff;
  tail[end - 4] = (bits >>> 24) & 0xff;
  tail[end - 3] = (bits >>> 16) & 0xff;
  tail[end - 2] = (bits >>> 8) & 0xff;
  tail[end - 1] = bits & 0xff;
  for (let off = 0; off < end; off += 64) block(H, tail, off);
  return H;
}

// The digest of bytes[0, len) as eight big-endian 32-bit words (signed Int32Array). `out` is
// reused when given, so a search loop allocates nothing.
export function sha256Words(bytes, len = bytes.length, out = new Int32Array(8)) {
  return digest(INIT, bytes, 0, len, out);
}

export function sha256Hex(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return Array.from(sha256Words(bytes), (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

export function leadingZeroBits(words) {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const z = Math.clz32(words[i]);
    n += z;
    if (z < 32) break;
  }
  return n;
}

// The first decimal nonce from `start` (stepping by `step`) whose SHA-256 of "challenge:nonce"
// has at least `difficulty` leading zero bits, trying at most `budget` nonces; -1 if none did.
export function searchNonce(challenge, difficulty, start = 0, budget = 50000, step = 1) {
  const prefix = new TextEncoder().encode(`${challenge}:`);
  const buf = new Uint8Array(prefix.length + 20);
  const H = new Int32Array(8);
  buf.set(prefix);
  // The whole 64-byte blocks of the prefix are the same for every nonce: hash them once.
  const from = prefix.length - (prefix.length % 64);
  const mid = new Int32Array(INIT);
  for (let off = 0; off < from; off += 64) block(mid, buf, off);
  for (let i = 0, nonce = start; i < budget; i++, nonce += step) {
    const digits = String(nonce);
    for (let k = 0; k < digits.length; k++) buf[prefix.length + k] = digits.charCodeAt(k);
    if (leadingZeroBits(digest(mid, buf, from, prefix.length + digits.length, H)) >= difficulty) return nonce;
  }
  return -1;
}
