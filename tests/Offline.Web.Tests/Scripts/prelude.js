// Shared by every script the tests evaluate in the page (see Browser/PageScript.cs).
const O = window.Offline;
const { Bytes, Random } = O;
const P = O.Protocol;
const hex = (bytes) => Bytes.toHex(bytes);
const unhex = (text) => Bytes.fromHex(text);
const check = (condition, what) => {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
};
const expectOk = (result, what) => {
  check(result.ok, `${what}: ${result.error}`);
  return result;
};

/** The conversation of handshake.json: Alice starts from Bob's bundle with its first one-time prekey, Bob accepts. */
async function startConversation(inputs) {
  const alice = await P.IdentityKeyPair.fromSecret(unhex(inputs.alice_secret));
  const bob = await P.IdentityKeyPair.fromSecret(unhex(inputs.bob_secret));
  const { prekeySet } = expectOk(await P.PrekeySet.fromSecret(unhex(inputs.bob_prekey_set)), 'prekey set');
  const aliceRandom = Random.deterministic(inputs.alice_random_seed_utf8);
  const bobRandom = Random.deterministic(inputs.bob_random_seed_utf8);
  const offered = P.PrekeyBundle.withOneTimePrekeys(prekeySet.bundle, [prekeySet.bundle.oneTimePrekeys[0]]);
  const started = expectOk(await P.Handshake.initiate(alice, offered, bob.id, aliceRandom), 'initiate');
  const first = await started.session.encrypt(Bytes.utf8(inputs.plaintext_utf8));
  const store = new P.InMemoryPrekeyStore(prekeySet);
  const accepted = expectOk(await P.Handshake.accept(bob, store, first, bobRandom), 'accept');
  return { alice: started.session, bob: accepted.session, aliceRandom, bobRandom, first, bobPlaintext: accepted.plaintext, store, aliceIdentity: alice, bobIdentity: bob, prekeySet };
}
