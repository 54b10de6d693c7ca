// change-password.js: run by change-password.sh as `osascript -l JavaScript change-password.js <user>`.
// stdin: previous password, new password (one a line, UTF-8). Exit codes as change-password.sh.
// Order matters so nothing is left half-changed: verify (OpenDirectory), check policy, re-key the
// login keychain, change the directory password; if that last step fails, re-key the keychain back.
// console.log writes to stderr under osascript; run()'s return value is stdout.
ObjC.import('Foundation');
ObjC.import('OpenDirectory');
ObjC.import('Security');
ObjC.import('stdlib');

const errSecAuthFailed = -25293;
// SecKeychainChangePassword is not in the Security headers' public part, so it is bound by hand.
ObjC.bindFunction('SecKeychainChangePassword', [
  'int',
  ['void *', 'unsigned int', 'char *', 'unsigned int', 'char *'],
]);

function fail(code, message) {
  console.log(message);
  $.exit(code);
}

function readStdinLines() {
  const data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
  const text = $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding);
  if (text.isNil()) fail(2, 'stdin is not UTF-8 text');
  return text.js.split('\n').map((line) => line.replace(/\r$/, ''));
}

function utf8Length(s) {
  return $(s).lengthOfBytesUsingEncoding($.NSUTF8StringEncoding);
}

function odErrorExit(error, fallback) {
  const code = error.isNil() ? 0 : error.code;
  const why = error.isNil() ? fallback : error.localizedDescription.js;
  if (code === 5000) fail(4, 'the previous password is not correct; nothing was changed');
  if (code >= 5400 && code <= 5407) fail(5, 'rule: ' + why);
  if (code === 4001 || code === 5101) fail(6, 'not permitted: ' + why);
  fail(1, fallback + ': ' + why);
}

function rekeyKeychain(keychain, from, to) {
  return $.SecKeychainChangePassword(keychain, utf8Length(from), from, utf8Length(to), to);
}

function run(argv) {
  const user = argv[0];
  const lines = readStdinLines();
  const previous = lines[0];
  const next = lines[1];
  if (!previous || !next)
    fail(2, 'expected the previous and the new password on stdin, one per line');
  if (previous === next) fail(5, 'rule: the new password must differ from the previous one');

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
  if (!record.verifyPasswordError(previous, error))
    odErrorExit(error[0], 'verifying the previous password failed');
  if (!record.passwordChangeAllowedError(next, error))
    odErrorExit(error[0], 'the password policy check failed');

  const notes = [];
  let keychain = null;
  const path = $.NSHomeDirectory().js + '/Library/Keychains/login.keychain-db';
  if ($.NSFileManager.defaultManager.fileExistsAtPath(path)) {
    const ref = Ref();
    if ($.SecKeychainOpen(path, ref) === 0) {
      $.SecKeychainLock(ref[0]);
      const status = rekeyKeychain(ref[0], previous, next);
      if (status === 0) keychain = ref[0];
      else if (status === errSecAuthFailed)
        notes.push('note: login keychain not re-keyed: it did not open with the previous password');
      else
        fail(
          1,
          're-keying the login keychain failed (OSStatus ' + status + '); nothing was changed',
        );
    }
  } else {
    notes.push('note: no login keychain to re-key');
  }

  if (!record.changePasswordToPasswordError(previous, next, error)) {
    if (keychain !== null && rekeyKeychain(keychain, next, previous) !== 0) {
      console.log(
        'the login keychain could not be re-keyed back; it now opens with the new password',
      );
    }
    odErrorExit(error[0], 'changing the password failed');
  }
  if (keychain !== null) notes.push('note: login keychain re-keyed');
  return notes.join('\n');
}
