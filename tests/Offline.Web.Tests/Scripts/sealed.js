async (inputs) => {
  const sender = await P.IdentityKeyPair.fromSecret(unhex(inputs.sender_secret));
  const recipient = await P.IdentityKeyPair.fromSecret(unhex(inputs.recipient_secret));
  const envelope = await P.SealedEnvelope.seal(sender, recipient.publicKeys, unhex(inputs.content), Random.deterministic(inputs.random_seed_utf8));
  const opened = expectOk(await P.SealedEnvelope.open(recipient, envelope), 'open');
  check(P.IdentityPublicKeys.equals(opened.sender, sender.publicKeys), 'the sender is Alice');
  check(hex(opened.content) === inputs.content, 'the content survives');
  return { envelope: hex(envelope) };
}
