// `npm run stack`: the local stack on 127.0.0.1, its URLs (and the temp folder of its S3 objects) as
// one JSON line; SIGINT/SIGTERM stop it and remove that folder.
import { stopOnSignals } from './shutdown';
import { startLocalStack, type StackOptions } from './stack';

const USAGE = `npm run stack -- [options]
  --issuer-port N, --sts-port N, --s3-port N   ports on 127.0.0.1 (default: free ones)
  --redirect-uri URL      where the IdP may send the browser back (repeatable;
                          default http://127.0.0.1:5173/ and http://localhost:5173/)
  --credential-lifetime S shorten every credential STS issues to S seconds
  --id-token-lifetime S   the lifetime of the IdP's ID tokens
Prints one JSON line: issuer, sts, s3, region, clientId, roleArn, bucket, storageDir.`;

// The stack's STS and S3 accept any region in a signature; the demo and the README use this one.
const REGION = 'us-east-1';

function parseArgs(argv: string[]): StackOptions {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const o: StackOptions = { ports: {} };
  const redirects: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${argv[i - 1]} needs a whole number`);
      return n;
    };
    switch (argv[i]) {
      case '--issuer-port':
        o.ports!.issuer = num();
        break;
      case '--sts-port':
        o.ports!.sts = num();
        break;
      case '--s3-port':
        o.ports!.s3 = num();
        break;
      case '--redirect-uri':
        redirects.push(value());
        break;
      case '--credential-lifetime':
        o.credentialLifetimeSeconds = num();
        break;
      case '--id-token-lifetime':
        o.idTokenLifetimeSeconds = num();
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (redirects.length) o.redirectUris = redirects;
  return o;
}

let options: StackOptions;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`stack: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const shutdown = stopOnSignals();
const stack = await startLocalStack(options);
shutdown.add(() => stack.close(), stack.storageDir);
console.log(
  JSON.stringify({
    issuer: stack.issuer,
    sts: stack.sts,
    s3: stack.s3,
    region: REGION,
    clientId: stack.clientId,
    roleArn: stack.roleArn,
    bucket: stack.bucket,
    storageDir: stack.storageDir,
  }),
);
shutdown.ready();
