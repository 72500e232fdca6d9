async () => {
  const A = P.Attachment;
  const size = A.limits.chunkPlaintextSize;
  const results = {};
  const item = await Random.system.bytes(2 * size + 777);
  const { pointer, chunks } = expectOk(await A.encrypt(item, A.mediaTypes.jpeg), 'encrypt');
  const copy = () => chunks.map((c) => Uint8Array.from(c));
  const digestOf = async (list) => O.Primitives.Sha256.digest(Bytes.concat(...list));
  const withDigest = async (list, length = pointer.length) => A.Pointer.create(pointer.key, await digestOf(list), length, pointer.mediaType);
  const error = async (p, list) => {
    const r = await A.decrypt(p, list);
    check(r.ok === (r.item !== undefined), 'an item comes only with success');
    return r.ok ? 'none' : r.error;
  };

  results.untouched = await error(pointer, copy());
  const flipped = copy();
  flipped[1][123] ^= 1;
  results.flipped = await error(pointer, flipped);
  results.flipped_matching_digest = await error(await withDigest(flipped), flipped);
  const tag = copy();
  tag[2][A.limits.chunkCiphertextSize - 1] ^= 0x80;
  results.flipped_tag = await error(pointer, tag);
  const swapped = copy();
  [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
  results.swapped = await error(pointer, swapped);
  results.swapped_matching_digest = await error(await withDigest(swapped), swapped);
  const other = expectOk(await A.encrypt(item, A.mediaTypes.jpeg), 'encrypt the same item again');
  const foreign = copy();
  foreign[1] = other.chunks[1];
  results.foreign_matching_digest = await error(await withDigest(foreign), foreign);
  results.dropped_last = await error(pointer, copy().slice(0, 2));
  const missing = copy();
  missing[1] = null;
  results.null_chunk = await error(pointer, missing);
  const truncated = copy();
  truncated[2] = truncated[2].slice(0, truncated[2].length - 1);
  results.truncated = await error(pointer, truncated);
  results.extra = await error(pointer, [...copy(), chunks[0]]);
  const wrongKey = Uint8Array.from(pointer.key);
  wrongKey[0] ^= 1;
  results.wrong_key = await error(A.Pointer.create(wrongKey, pointer.digest, pointer.length, pointer.mediaType), copy());
  results.wrong_length = await error(A.Pointer.create(pointer.key, pointer.digest, pointer.length - 1, pointer.mediaType), copy());
  results.cut_short = await error(await withDigest(chunks.slice(0, 2), size + 5), copy().slice(0, 2));

  // A hostile sender who holds K seals an item with no 0x80 marker: valid tags and digest, bad padding.
  const okm = await O.Primitives.Kdf.hkdf(new Uint8Array(32), pointer.key, Bytes.utf8('Offline/Attachment/v1'), 64);
  const unpadded = await Random.system.bytes(size);
  unpadded.fill(0, 100);
  const sealed = [await O.Primitives.Aead.seal(okm.slice(0, 32), new Uint8Array(12), unpadded, Bytes.concat(Bytes.utf8('Offline/Attachment/v1'), Bytes.u32(0), Bytes.u32(1)))];
  results.bad_padding = await error(A.Pointer.create(pointer.key, await digestOf(sealed), 100, pointer.mediaType), sealed);
  unpadded[100] = 0x80;
  const good = [await O.Primitives.Aead.seal(okm.slice(0, 32), new Uint8Array(12), unpadded, Bytes.concat(Bytes.utf8('Offline/Attachment/v1'), Bytes.u32(0), Bytes.u32(1)))];
  results.hand_sealed_good_padding = await error(A.Pointer.create(pointer.key, await digestOf(good), 100, pointer.mediaType), good);

  const encoded = A.Pointer.encode(pointer);
  const withByte = (index, value) => {
    const b = Uint8Array.from(encoded);
    b[index] = value;
    return b;
  };
  const withLength = (length) => Bytes.concat(encoded.slice(0, 65), Bytes.u32(length), encoded.slice(69));
  results.pointer_version = A.Pointer.parse(withByte(0, 2)).error;
  results.pointer_short = A.Pointer.parse(encoded.slice(0, 69)).error;
  results.pointer_long = A.Pointer.parse(Bytes.concat(encoded, Uint8Array.of(0))).error;
  results.pointer_length_zero = A.Pointer.parse(withLength(0)).error;
  results.pointer_length_over_max = A.Pointer.parse(withLength(A.limits.maxItemSize + 1)).error;
  results.pointer_length_max_chunks = expectOk(A.Pointer.parse(withLength(A.limits.maxItemSize)), 'max length').pointer.chunkCount;
  results.pointer_unknown_type = expectOk(A.Pointer.parse(withByte(69, 200)), 'unknown type').pointer.mediaType;

  results.encrypt_empty = (await A.encrypt(new Uint8Array(0), A.mediaTypes.png)).error;
  results.encrypt_too_large = (await A.encrypt(new Uint8Array(A.limits.maxItemSize + 1), A.mediaTypes.png)).error;
  results.fresh_key = hex(other.pointer.key) !== hex(pointer.key) && hex(other.addresses[0]) !== hex(await A.chunkAddress(pointer, 0));
  const addresses = new Set(await Promise.all([0, 1, 2].map(async (i) => hex(await A.chunkAddress(pointer, i)))));
  results.distinct_addresses = addresses.size;

  // A bad pointer never loses the message: the caption stays, the attachment reads as malformed.
  const C = P.ContentMessage;
  const message = C.encode(C.image(new Uint8Array(16), 5n, pointer, 'still here'));
  message[message.length - 70] = 9;
  const parsed = expectOk(C.parse(message), 'image with a bad pointer parses').message;
  results.bad_pointer_caption = C.body(parsed);
  results.bad_pointer_attachment = C.attachment(parsed).error;
  results.text_attachment = C.attachment(C.text(new Uint8Array(16), 5n, 'hi')).error;
  return results;
}
