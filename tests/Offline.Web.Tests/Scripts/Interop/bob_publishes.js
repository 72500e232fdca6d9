async () => {
  // The browser is Bob: a fresh identity and prekey set from the system random source.
  const { identity } = await P.IdentityKeyPair.generate(Random.system);
  const { prekeySet } = await P.PrekeySet.generate(identity, Random.system, 3);
  window.interopBob = { identity, store: new P.InMemoryPrekeyStore(prekeySet), session: null };
  return { bundle: hex(P.PrekeyBundle.encode(prekeySet.bundle)), id: identity.id.text, canonical: hex(identity.publicKeys.encoded) };
}
