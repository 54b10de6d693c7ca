// reset-password.js: run by reset-password.sh (root) as `osascript -l JavaScript reset-password.js <user>`.
// stdin: the new password, one line (UTF-8). Sets it through OpenDirectory without the previous
// one (root on the local node needs none). Exit codes as reset-password.sh.
// console.log writes to stderr under osascript.
ObjC.import('Foundation');
ObjC.import('OpenDirectory');
ObjC.import('stdlib');

function fail(code, message) {
  console.log(message);
  $.exit(code);
}

function run(argv) {
  const user = argv[0];
  const data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
  const text = $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding);
  if (text.isNil()) fail(2, 'stdin is not UTF-8 text');
  const password = text.js.split('\n')[0].replace(/\r$/, '');
  if (!password) fail(2, 'expected the new password on stdin');

  const error = Ref();
  const node = $.ODNode.nodeWithSessionTypeError(
    $.ODSession.defaultSession,
    $.kODNodeTypeLocalNodes,
    error,
  );
  if (node.isNil()) fail(1, 'cannot open the local directory node');
  const record = node.recordWithRecordTypeNameAttributesError(
    $.kODRecordTypeUsers,
    user,
    null,
    error,
  );
  if (record.isNil()) fail(3, 'no local account named "' + user + '"');
  if (!record.changePasswordToPasswordError(null, password, error)) {
    const e = error[0];
    const code = e.isNil() ? 0 : e.code;
    const why = e.isNil() ? 'unknown error' : e.localizedDescription.js;
    if (code >= 5400 && code <= 5407) fail(5, 'rule: ' + why);
    if (code === 4001 || code === 5101) fail(6, 'not permitted: ' + why);
    fail(1, 'setting the password failed: ' + why);
  }
  return '';
}
