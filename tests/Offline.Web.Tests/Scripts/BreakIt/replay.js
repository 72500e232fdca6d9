async (inputs) => {
  const results = {};
  const c = await startConversation(inputs);
  // (1) The same first message again: the responder remembers the handshake.
  results.replayed_handshake = (await P.Handshake.accept(c.bobIdentity, c.store, c.first, c.bobRandom)).error;
  // (2) The same ratchet message twice, in order and out of order.
  const a1 = await c.alice.encrypt(Bytes.utf8('a1'));
  expectOk(await c.bob.decrypt(a1, c.bobRandom), 'a1');
  let before = await c.bob.stateDigest();
  results.replayed_in_chain = (await c.bob.decrypt(a1, c.bobRandom)).error;
  results.replayed_in_chain_state_unchanged = (await c.bob.stateDigest()) === before;
  const b1 = await c.bob.encrypt(Bytes.utf8('b1'));
  const b2 = await c.bob.encrypt(Bytes.utf8('b2'));
  expectOk(await c.alice.decrypt(b2, c.aliceRandom), 'b2 first');
  results.skipped_keys_after_b2 = c.alice.skippedKeyCount;
  expectOk(await c.alice.decrypt(b1, c.aliceRandom), 'b1 late, from a skipped key');
  results.skipped_keys_after_b1 = c.alice.skippedKeyCount;
  before = await c.alice.stateDigest();
  results.replayed_skipped = (await c.alice.decrypt(b1, c.aliceRandom)).error;
  results.replayed_skipped_state_unchanged = (await c.alice.stateDigest()) === before;
  // (3) A tampered first message changes nothing in the store: the real one is still accepted after it.
  const fresh = await startConversation(inputs);
  const { prekeySet } = expectOk(await P.PrekeySet.fromSecret(unhex(inputs.bob_prekey_set)), 'prekey set');
  const store = new P.InMemoryPrekeyStore(prekeySet);
  const tampered = Uint8Array.from(fresh.first);
  tampered[tampered.length - 1] ^= 0x01;
  results.tampered_first_message = (await P.Handshake.accept(fresh.bobIdentity, store, tampered, Random.system)).error;
  expectOk(await P.Handshake.accept(fresh.bobIdentity, store, fresh.first, Random.system), 'the real first message after a tampered one');
  // (4) The one-time prekey is gone once used: a new handshake naming it is refused.
  const offered = P.PrekeyBundle.withOneTimePrekeys(prekeySet.bundle, [prekeySet.bundle.oneTimePrekeys[0]]);
  const again = expectOk(await P.Handshake.initiate(fresh.aliceIdentity, offered, fresh.bobIdentity.id, Random.system), 'initiate again');
  results.used_one_time_prekey = (await P.Handshake.accept(fresh.bobIdentity, store, await again.session.encrypt(Bytes.utf8('hi')), Random.system)).error;
  // (5) A prekey message from another handshake, given to an existing session, starts a new session.
  results.other_handshake_to_session = (await c.bob.decrypt(await again.session.encrypt(Bytes.utf8('hi')), Random.system)).error;
  return results;
}
