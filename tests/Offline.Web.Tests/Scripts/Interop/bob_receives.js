async (inputs) => {
  const opened = expectOk(await window.interopBob.session.decrypt(unhex(inputs.message), Random.system), 'third');
  return { text: Bytes.utf8Text(opened.plaintext) };
}
