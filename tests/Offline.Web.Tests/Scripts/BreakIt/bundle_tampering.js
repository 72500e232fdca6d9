async (inputs) => {
  const good = unhex(inputs.bundle);
  const results = {};
  const parse = async (bytes) => {
    const r = await P.PrekeyBundle.parse(bytes);
    return r.ok ? 'accepted' : r.error;
  };
  const flip = (at) => {
    const b = Uint8Array.from(good);
    b[at] ^= 0x01;
    return b;
  };
  // Layout: version 0, identity 1..131, signed prekey 132..264 (id 4, key 65, signature 64), ML-KEM prekey 265..1516, count, one-time prekeys.
  results.untouched = await parse(good);
  results.version = await parse(flip(0));
  results.signing_key = await parse(flip(40));
  results.signed_prekey_key = await parse(flip(140));
  results.signed_prekey_id = await parse(flip(135));
  results.signed_prekey_signature = await parse(flip(250));
  results.kem_key = await parse(flip(300));
  results.kem_signature = await parse(flip(1510));
  results.one_time_signature = await parse(flip(good.length - 1));
  results.trailing_byte = await parse(Bytes.concat(good, Uint8Array.of(0)));
  results.truncated = await parse(good.slice(0, good.length - 1));
  const tooMany = Uint8Array.from(good);
  tooMany.set(Bytes.u16(O.Limits.maxOneTimePrekeysPerBundle + 1), 1517);
  results.count_over_limit = await parse(tooMany);
  // Handshake checks: the bundle must belong to the ID asked for; the ML-KEM key must pass the modulus check.
  const bundle = expectOk(await P.PrekeyBundle.parse(good), 'bundle').bundle;
  const { identity } = await P.IdentityKeyPair.generate(Random.system);
  results.wrong_id = (await P.Handshake.initiate(identity, bundle, identity.id, Random.system)).error;
  const badKem = Uint8Array.from(bundle.kemPrekey.encapsulationKey);
  badKem[0] = 0xff;
  badKem[1] |= 0x0f;
  const forged = P.PrekeyBundle.create(bundle.identity, bundle.signedPrekey, { ...bundle.kemPrekey, encapsulationKey: badKem }, bundle.oneTimePrekeys);
  results.kem_modulus = (await P.Handshake.initiate(identity, forged, bundle.id, Random.system)).error;
  return results;
}
