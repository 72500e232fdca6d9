async () => {
  const C = P.ContentMessage;
  const results = {};
  results.unpad_all_zero = P.Padding.unpad(new Uint8Array(16)).error;
  results.unpad_wrong_marker = P.Padding.unpad(Uint8Array.of(1, 2, 0x81, 0, 0)).error;
  results.unpad_empty = P.Padding.unpad(new Uint8Array(0)).error;
  results.unpad_marker_only = hex(P.Padding.unpad(Uint8Array.of(0x80, 0)).content);
  try {
    P.Padding.pad(new Uint8Array(O.Limits.maxBucket), 0);
    results.pad_too_large = 'accepted';
  } catch (e) {
    results.pad_too_large = e.error;
  }
  results.pad_largest = P.Padding.pad(new Uint8Array(O.Limits.maxBucket - 1 - 100), 100).length;
  const id = new Uint8Array(16);
  const text = C.encode(C.text(id, 5n, 'hi'));
  const withVersion = Uint8Array.from(text);
  withVersion[0] = 2;
  results.content_version = C.parse(withVersion).error;
  results.content_trailing = C.parse(Bytes.concat(text, Uint8Array.of(0))).error;
  results.content_truncated = C.parse(text.slice(0, text.length - 1)).error;
  const field = (tag, value) => Bytes.concat(Bytes.u8(tag), Bytes.u32(value.length), value);
  const header = (kind, count) => Bytes.concat(Uint8Array.of(1, kind), id, Bytes.u64(5n), Bytes.u8(count));
  results.content_duplicate_tag = C.parse(Bytes.concat(header(1, 2), field(1, Bytes.utf8('a')), field(1, Bytes.utf8('b')))).error;
  results.content_too_many_fields = C.parse(Bytes.concat(header(1, 65), ...Array.from({ length: 65 }, (_, i) => field(i + 1, new Uint8Array(0))))).error;
  const unknown = expectOk(C.parse(Bytes.concat(header(42, 2), field(1, Bytes.utf8('a')), field(200, Uint8Array.of(7)))), 'unknown kind and tag are kept');
  results.unknown_kind = unknown.message.kind;
  results.unknown_tag_kept = hex(unknown.message.fields.get(200));
  return results;
}
