async (inputs) => {
  // The browser is Alice: it checks the C# bundle against the ID it was given, then starts the session.
  const { identity } = await P.IdentityKeyPair.generate(Random.system);
  const bundle = expectOk(await P.PrekeyBundle.parse(unhex(inputs.bundle)), 'the C# bundle verifies').bundle;
  const expected = expectOk(await P.OfflineId.parse(inputs.id), 'the C# ID parses').id;
  const started = expectOk(await P.Handshake.initiate(identity, bundle, expected, Random.system), 'initiate');
  window.interopAlice = { identity, session: started.session };
  const messages = [await started.session.encrypt(Bytes.utf8('hello from the browser')), await started.session.encrypt(Bytes.utf8('and again'))];
  return { canonical: hex(identity.publicKeys.encoded), messages: messages.map(hex), conversation_secret: hex(started.session.conversationSecret) };
}
