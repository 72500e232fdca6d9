async (inputs) => {
  // Bob replies; every single-bit change to any part of his message is refused and Alice's state stays as it was.
  const c = await startConversation(inputs);
  const reply = await c.bob.encrypt(Bytes.utf8('first reply'));
  const before = await c.alice.stateDigest();
  // Header: version 0, type 1, ratchet key 2..66, PN 67..70, N 71..74; then ciphertext and tag.
  const positions = { version: 0, type: 1, ratchet_key: 10, previous_chain_length: 70, index: 74, ciphertext: 80, tag: reply.length - 1 };
  const results = {};
  for (const [name, at] of Object.entries(positions)) {
    const tampered = Uint8Array.from(reply);
    tampered[at] ^= 0x01;
    const r = await c.alice.decrypt(tampered, c.aliceRandom);
    results[name] = r.ok ? 'accepted' : r.error;
    results[`${name}_state_unchanged`] = (await c.alice.stateDigest()) === before;
  }
  results.truncated = (await c.alice.decrypt(reply.slice(0, 80), c.aliceRandom)).error;
  results.truncated_state_unchanged = (await c.alice.stateDigest()) === before;
  const good = expectOk(await c.alice.decrypt(reply, c.aliceRandom), 'the untouched message still decrypts');
  results.untouched = Bytes.utf8Text(good.plaintext);
  results.state_changed_after_success = (await c.alice.stateDigest()) !== before;
  return results;
}
