async (inputs) => {
  const stream = Random.deterministic(inputs.seed_utf8);
  // Uneven draws must still hand out the stream in order.
  const parts = [await stream.bytes(1), await stream.bytes(40), await stream.bytes(inputs.length - 41)];
  return { stream: hex(Bytes.concat(...parts)) };
}
