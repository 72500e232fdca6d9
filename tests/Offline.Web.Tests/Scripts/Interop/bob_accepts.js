async (inputs) => {
  const bob = window.interopBob;
  const accepted = expectOk(await P.Handshake.accept(bob.identity, bob.store, unhex(inputs.first), Random.system), 'accept');
  bob.session = accepted.session;
  const second = expectOk(await bob.session.decrypt(unhex(inputs.second), Random.system), 'second');
  const replies = [await bob.session.encrypt(Bytes.utf8('reply one from the browser')), await bob.session.encrypt(Bytes.utf8('reply two from the browser'))];
  const sender = expectOk(await P.IdentityPublicKeys.parse(unhex(inputs.alice_canonical)), 'alice').keys;
  const sealed = expectOk(await P.SealedEnvelope.open(bob.identity, unhex(inputs.sealed)), 'open the C# envelope');
  const sealedBack = await P.SealedEnvelope.seal(bob.identity, sender, Bytes.utf8('sealed by the browser'), Random.system);
  return {
    first: Bytes.utf8Text(accepted.plaintext),
    second: Bytes.utf8Text(second.plaintext),
    replies: replies.map(hex),
    conversation_secret: hex(bob.session.conversationSecret),
    safety_number: (await P.SafetyNumber.compute(bob.identity.publicKeys, sender)).digits,
    sealed_sender_is_alice: P.IdentityPublicKeys.equals(sealed.sender, sender),
    sealed_content: Bytes.utf8Text(sealed.content),
    sealed_back: hex(sealedBack),
  };
}
