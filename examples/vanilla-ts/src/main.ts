// Plain TypeScript, no framework: one credential session signs the user in (OIDC), trades the ID
// token with STS and keeps the credentials fresh; the page shows its snapshot and uploads the
// chosen file to S3 with those credentials.
import { createOidcCredentialSession, uploadToS3, type CredentialsSnapshot, type OidcCredentialSession } from 'web-identity-kit';
import { readConfig, type AppConfig } from './config';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const sessionStatus = element<HTMLParagraphElement>('session-status');
const signInButton = element<HTMLButtonElement>('sign-in');
const signOutButton = element<HTMLButtonElement>('sign-out');
const fileInput = element<HTMLInputElement>('file');
const uploadStatus = element<HTMLParagraphElement>('upload-status');

const messageOf = (e: unknown) => {
  const hint = (e as { hint?: string }).hint; // the kit's errors say what to do about them
  return `${e instanceof Error ? e.message : String(e)}${hint ? ` ${hint}` : ''}`;
};

function describe(snapshot: CredentialsSnapshot): string {
  switch (snapshot.status) {
    case 'loading':
      return 'Checking your session…';
    case 'signed-out':
      return 'Signed out.';
    case 'ready':
    case 'refreshing':
      return `Signed in as ${snapshot.identity?.subject ?? 'unknown'}; AWS credentials until ${snapshot.expiresAt?.toLocaleTimeString() ?? '?'}.`;
    case 'error':
      return `AWS credentials could not be obtained: ${messageOf(snapshot.error)}`;
  }
}

function render(snapshot: CredentialsSnapshot, uploading: boolean) {
  const signedIn = snapshot.status === 'ready' || snapshot.status === 'refreshing';
  sessionStatus.textContent = describe(snapshot);
  signInButton.hidden = signedIn || snapshot.status === 'loading';
  signOutButton.hidden = !signedIn;
  fileInput.disabled = !signedIn || uploading;
}

async function upload(config: AppConfig, session: OidcCredentialSession, file: File) {
  uploadStatus.textContent = `Uploading ${file.name}…`;
  try {
    const { done } = uploadToS3({
      bucket: config.bucket,
      key: `incoming/${file.name}`,
      body: file,
      region: config.region,
      // The local stack's S3 is one host: path-style addresses. Real S3 needs neither.
      endpoint: config.s3Endpoint,
      forcePathStyle: config.s3Endpoint !== undefined,
      credentials: session.getCredentials, // asked before every request, so always fresh
      onProgress: (p) => (uploadStatus.textContent = `Uploading ${file.name}: ${p.loaded} of ${p.total} bytes`),
    });
    const result = await done;
    uploadStatus.textContent = `Uploaded s3://${result.bucket}/${result.key}`;
  } catch (e) {
    uploadStatus.textContent = `Upload failed: ${messageOf(e)}`;
  }
}

function start(config: AppConfig) {
  const redirect = `${location.origin}/`;
  const session = createOidcCredentialSession({
    oidc: { authority: config.authority, client_id: config.clientId, redirect_uri: redirect, post_logout_redirect_uri: redirect },
    roleArn: config.roleArn,
    region: config.region,
    sts: config.stsEndpoint ? { region: config.region, endpoint: config.stsEndpoint } : undefined,
  });
  let uploading = false;
  const update = () => render(session.getSnapshot(), uploading);
  session.subscribe(update);
  update();
  // The first call completes a sign-in redirect (the code in the address) and calls STS; when
  // nobody is signed in it fails with SignInRequiredError and the snapshot says 'signed-out'.
  session.getCredentials().catch(() => {});

  const report = (e: unknown) => (sessionStatus.textContent = messageOf(e));
  signInButton.addEventListener('click', () => void session.signIn().catch(report));
  signOutButton.addEventListener('click', () => void session.signOut().catch(report));
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    uploading = true;
    update();
    void upload(config, session, file).finally(() => {
      uploading = false;
      fileInput.value = '';
      update();
    });
  });
}

try {
  start(readConfig());
} catch (e) {
  sessionStatus.textContent = messageOf(e);
}
