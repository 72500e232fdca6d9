async (inputs) => {
  const identities = [];
  for (const seed of inputs.random_seeds_utf8) {
    const { identity, secret } = await P.IdentityKeyPair.generate(Random.deterministic(seed));
    const rebuilt = await P.IdentityKeyPair.fromSecret(secret);
    check(Bytes.equal(rebuilt.publicKeys.encoded, identity.publicKeys.encoded), 'fromSecret gives the same keys');
    const parsed = expectOk(await P.OfflineId.parse(`  ${identity.id.text}\n`), 'ID parses');
    check(P.OfflineId.equals(parsed.id, identity.id), 'parsed ID equals');
    identities.push({
      secret: hex(secret),
      signing_public: hex(identity.publicKeys.signingKey),
      dh_public: hex(identity.publicKeys.dhKey),
      canonical: hex(identity.publicKeys.encoded),
      fingerprint: hex(identity.id.fingerprint),
      id: identity.id.text,
    });
  }
  return { identities };
}
