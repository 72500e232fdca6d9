// Keeping one-time prekeys stocked, the parts without a relay: PrekeyStock.reconcile's handed-out days,
// 400 cap and low-water rule; new prekeys drawn, signed and carried in a rewritten secret
// form that loads back with exactly the kept and added private keys.
async (inputs) => {
  const S = O.App.PrekeyStock;
  const range = (first, count) => Array.from({ length: count }, (_, i) => first + i);
  const decide = (c) => S.reconcile(c.local, c.relay, c.handedOut, c.today);
  const cases = inputs.cases.map(decide);

  const identity = (await P.IdentityKeyPair.generate(Random.deterministic('prekey stock identity'))).identity;
  const { prekeySet, secret } = await P.PrekeySet.generate(identity, Random.deterministic('prekey stock set'), 3);
  const drawn = await P.PrekeySet.drawOneTimePrekeys(identity, Random.system, 4, 2);
  const labels = P.PrekeySignature.labels;
  const signed = await Promise.all(drawn.prekeys.map((p) => P.PrekeySignature.verify(identity.publicKeys.signingKey, labels.oneTimePrekey, p.id, p.publicKey, p.signature)));
  const rewritten = P.PrekeySet.withOneTimeSecrets(secret, (id) => id !== 2, drawn.scalars);
  const loaded = expectOk(await P.PrekeySet.fromSecret(rewritten), 'rewritten secret form');
  const samePublic = drawn.prekeys.every((p) => Bytes.equal(loaded.prekeySet.oneTimeKeys.get(p.id).publicKey, p.publicKey))
    && Bytes.equal(loaded.prekeySet.oneTimeKeys.get(3).publicKey, prekeySet.oneTimeKeys.get(3).publicKey);
  let damaged = null;
  try {
    P.PrekeySet.withOneTimeSecrets(rewritten.subarray(0, rewritten.length - 1), () => true, []);
  } catch (e) {
    damaged = e.error ?? e.name;
  }
  return {
    cases,
    constants: { target: S.target, lowWater: S.lowWater, max: S.maxHeldOneTimePrekeys },
    dayOne: S.dayNumber(Date.UTC(1970, 0, 2, 23, 59)),
    loadedIds: [...loaded.prekeySet.oneTimeKeys.keys()].sort((a, b) => a - b),
    bundleUnchanged: Bytes.equal(P.PrekeyBundle.encode(loaded.prekeySet.bundle), P.PrekeyBundle.encode(prekeySet.bundle)),
    drawnIds: drawn.prekeys.map((p) => p.id),
    signed,
    samePublic,
    damaged,
    range: range(1, 3),
  };
}
