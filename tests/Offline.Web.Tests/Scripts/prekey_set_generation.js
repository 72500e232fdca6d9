async (inputs) => {
  // PrekeySet.generate draws like the C# side, so with the vector's streams everything but the
  // (randomized) ECDSA signatures equals bundle.json; the browser's own signatures must verify.
  const { identity } = await P.IdentityKeyPair.generate(Random.deterministic(inputs.identity_seed_utf8));
  const { prekeySet, secret } = await P.PrekeySet.generate(identity, Random.deterministic(inputs.prekey_set_random_seed_utf8), 2);
  const bundle = P.PrekeyBundle.encode(prekeySet.bundle);
  expectOk(await P.PrekeyBundle.parse(bundle), 'the browser-signed bundle verifies');
  const reparsed = expectOk(await P.PrekeySet.fromSecret(secret), 'the secret form reads back');
  check(hex(P.PrekeyBundle.encode(reparsed.prekeySet.bundle)) === hex(bundle), 'the same bundle');
  // Blank the signatures: signed prekey at 1+131+4+65, ML-KEM at 1+131+133+4+1184, one-time prekeys after the count.
  const blank = (bytes, offset) => {
    const out = Uint8Array.from(bytes);
    const at = [1 + 131 + 4 + 65, 1 + 131 + 133 + 4 + 1184, 1 + 131 + 133 + 1252 + 2 + 4 + 65, 1 + 131 + 133 + 1252 + 2 + 133 + 4 + 65];
    for (const a of at) {
      out.fill(0, offset + a, offset + a + 64);
    }
    return out;
  };
  return { bundle: hex(blank(bundle, 0)), prekey_set: hex(blank(secret, 5)) };
}
