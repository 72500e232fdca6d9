async (inputs) => {
  const a = expectOk(await P.IdentityPublicKeys.parse(unhex(inputs.a_canonical)), 'a').keys;
  const b = expectOk(await P.IdentityPublicKeys.parse(unhex(inputs.b_canonical)), 'b').keys;
  const number = await P.SafetyNumber.compute(a, b);
  const reverse = await P.SafetyNumber.compute(b, a);
  check(number.digits === reverse.digits, 'the same from both sides');
  check(P.SafetyNumber.matchesQr(number, number.qr), 'its own QR matches');
  check(!P.SafetyNumber.matchesQr(number, number.qr.slice(0, -1) + (number.qr.endsWith('0') ? '1' : '0')), 'another QR does not');
  return { digits: number.digits, qr: number.qr };
}
