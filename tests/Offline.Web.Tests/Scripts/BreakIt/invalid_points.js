async () => {
  const P256 = O.Primitives.P256;
  const p = 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff';
  const gx = '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296';
  const gy = '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5';
  const negGy = (BigInt('0x' + p) - BigInt('0x' + gy)).toString(16).padStart(64, '0');
  const offGy = (BigInt('0x' + gy) + 1n).toString(16).padStart(64, '0');
  const cases = {
    generator: '04' + gx + gy,
    negated_generator: '04' + gx + negGy,
    infinity: '00',
    compressed: '02' + gx,
    hybrid: '06' + gx + gy,
    zero_zero: '04' + '00'.repeat(64),
    x_is_p: '04' + p + gy,
    y_is_p: '04' + gx + p,
    off_curve: '04' + gx + offGy,
    too_short: '04' + gx + gy.slice(2),
    too_long: '04' + gx + gy + '00',
  };
  const results = {};
  for (const [name, encoded] of Object.entries(cases)) {
    results[name] = P256.isValidPublicKey(unhex(encoded));
  }
  // Every entry point that takes a key from the network refuses an off-curve one.
  const { identity } = await P.IdentityKeyPair.generate(Random.system);
  const badIdentity = Uint8Array.from(identity.publicKeys.encoded);
  badIdentity.set(unhex(cases.off_curve), 66);
  results.identity_parse = (await P.IdentityPublicKeys.parse(badIdentity)).error;
  const badEnvelope = await P.SealedEnvelope.seal(identity, identity.publicKeys, Bytes.utf8('x'), Random.system);
  badEnvelope.set(unhex(cases.off_curve), 1);
  results.sealed_ephemeral = (await P.SealedEnvelope.open(identity, badEnvelope)).error;
  try {
    await P256.agree(identity.dh, unhex(cases.off_curve));
    results.agree = 'accepted';
  } catch (e) {
    results.agree = e.name;
  }
  return results;
}
