async (inputs) => {
  const { prekeySet } = expectOk(await P.PrekeySet.fromSecret(unhex(inputs.prekey_set)), 'prekey set');
  const bundle = prekeySet.bundle;
  const encoded = P.PrekeyBundle.encode(bundle);
  expectOk(await P.PrekeyBundle.parse(encoded), 'the bundle parses and verifies');
  const labels = P.PrekeySignature.labels;
  return {
    bundle: hex(encoded),
    id: bundle.id.text,
    signed_prekey_message: hex(P.PrekeySignature.message(labels.signedPrekey, bundle.signedPrekey.id, bundle.signedPrekey.publicKey)),
    kem_prekey_message_sha256: hex(await O.Primitives.Sha256.digest(P.PrekeySignature.message(labels.kemPrekey, bundle.kemPrekey.id, bundle.kemPrekey.encapsulationKey))),
    one_time_prekey_messages: bundle.oneTimePrekeys.map((p) => hex(P.PrekeySignature.message(labels.oneTimePrekey, p.id, p.publicKey))),
  };
}
