async (inputs) => {
  const A = P.Attachment;
  const C = P.ContentMessage;
  const cases = [];
  let first = null;
  for (const c of inputs.cases) {
    const item = c.item !== undefined ? unhex(c.item) : await Random.deterministic(c.item_random_seed_utf8).bytes(c.item_length);
    const keyStream = Random.deterministic(c.key_random_seed_utf8);
    const key = await Random.deterministic(c.key_random_seed_utf8).bytes(32);
    const encrypted = expectOk(await A.encrypt(item, c.media_type, keyStream), `${c.name} encrypts`);
    const { pointer, chunks, addresses } = encrypted;
    check(hex(pointer.key) === hex(key), `${c.name}: K is the first 32 bytes of its stream`);
    const decrypted = expectOk(await A.decrypt(pointer, chunks), `${c.name} decrypts`);
    check(hex(decrypted.item) === hex(item), `${c.name} round-trips`);
    const parsed = expectOk(A.Pointer.parse(A.Pointer.encode(pointer)), `${c.name} pointer parses`).pointer;
    for (let i = 0; i < chunks.length; i++) {
      check(hex(await A.chunkAddress(parsed, i)) === hex(addresses[i]), `${c.name}: chunkAddress(${i}) matches the encryptor's`);
    }
    const result = {
      name: c.name,
      key: hex(pointer.key),
      item_sha256: hex(await O.Primitives.Sha256.digest(item)),
      chunk_count: pointer.chunkCount,
      pointer: hex(A.Pointer.encode(pointer)),
      digest: hex(pointer.digest),
      addresses: addresses.map(hex),
      chunk_sha256: await Promise.all(chunks.map(async (ch) => hex(await O.Primitives.Sha256.digest(ch)))),
    };
    if (cases.length === 0) {
      result.chunks = chunks.map(hex);
      first = pointer;
    }
    cases.push(result);
  }

  const id = unhex(inputs.message_id);
  const reply = unhex(inputs.reply_to);
  const at = BigInt(inputs.sent_at_ms);
  const messages = {
    image: C.image(id, at, first, inputs.caption_utf8, inputs.width, inputs.height, reply),
    image_bare: C.image(id, at, first),
    voice_note: C.voiceNote(id, at, first, inputs.duration_ms, unhex(inputs.waveform), reply),
    voice_note_bare: C.voiceNote(id, at, first, inputs.duration_ms),
  };
  const out = { cases };
  for (const [name, message] of Object.entries(messages)) {
    const encoded = C.encode(message);
    const parsed = expectOk(C.parse(encoded), `${name} parses`).message;
    check(hex(C.encode(parsed)) === hex(encoded), `${name} re-encodes identically`);
    check(hex(A.Pointer.encode(expectOk(C.attachment(parsed), `${name} attachment`).pointer)) === hex(A.Pointer.encode(first)), `${name} carries the pointer`);
    out[name] = hex(encoded);
  }
  return out;
}
