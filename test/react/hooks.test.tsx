// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, Suspense, useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialSession, type CredentialSession } from '../../src/credentials/index';
import { CredentialsStatus, RequireCredentials, SignInButton, SignOutButton, StsProvider, useAwsCredentials } from '../../src/react';
import { createFakeTokenSource, createStsStub, createTestClock, createTestTabs, stubError, type StsStub } from '../../src/testing/index';
import { ROLE, stubWorld } from './fixtures';

afterEach(cleanup);

const makeSession = stubWorld;

const stsCalls = (stub: StsStub) => stub.calls('AssumeRoleWithWebIdentity').length;

describe('useAwsCredentials', () => {
  it('throws a clear error outside a provider', () => {
    function Orphan() {
      useAwsCredentials();
      return null;
    }
    const spy = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Orphan />)).toThrow(/need a <StsProvider> above them/);
    } finally {
      console.error = spy;
    }
  });

  it('gives status, credentials and identity, and a stable getCredentials', async () => {
    const { session } = makeSession();
    const seen: unknown[] = [];
    function Show() {
      const { status, credentials, identity, getCredentials } = useAwsCredentials();
      seen.push(getCredentials);
      return (
        <p data-testid="out">
          {status} {credentials?.accessKeyId} {identity?.subject}
        </p>
      );
    }
    render(
      <StsProvider session={session}>
        <Show />
      </StsProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('out').textContent).toMatch(/^ready ASIA\w+ user-1$/));
    expect(new Set(seen).size).toBe(1);
  });

  it('does not re-render a component that reads only status when credentials are refreshed', async () => {
    // Two tabs: the other one refreshes, this one takes its credentials and stays 'ready'.
    const tabs = createTestTabs();
    const clock = createTestClock(Math.floor(Date.now() / 1000) * 1000);
    const stub = createStsStub({ now: clock.now });
    const make = () =>
      createCredentialSession({
        roleArn: ROLE,
        tokenSource: createFakeTokenSource({ now: clock.now }),
        sts: { region: 'us-east-1', fetch: stub.fetch },
        now: clock.now,
        timers: clock,
        tabs: tabs.tab(),
      });
    const here = make();
    const other = make();
    let statusRenders = 0;
    let credRenders = 0;
    function StatusOnly() {
      const { status } = useAwsCredentials();
      statusRenders++;
      return <p data-testid="status">{status}</p>;
    }
    function KeyShown() {
      const { credentials } = useAwsCredentials();
      credRenders++;
      return <p data-testid="key">{credentials?.accessKeyId}</p>;
    }
    render(
      <StsProvider session={here}>
        <StatusOnly />
        <KeyShown />
      </StsProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('key').textContent).toMatch(/^ASIA/));
    const first = screen.getByTestId('key').textContent;
    const [s0, c0] = [statusRenders, credRenders];
    await act(async () => {
      await other.refresh({ force: true });
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByTestId('key').textContent).not.toBe(first);
    expect(screen.getByTestId('status').textContent).toBe('ready');
    expect(credRenders).toBeGreaterThan(c0);
    expect(statusRenders).toBe(s0);
    expect(stsCalls(stub)).toBe(2);
  });

  it('makes one session and one STS call under StrictMode', async () => {
    const clock = createTestClock(Date.now());
    const stub = createStsStub({ now: clock.now });
    let made = 0;
    const tokens = createFakeTokenSource({ now: clock.now });
    function App() {
      const session = useRef<CredentialSession>(undefined);
      if (!session.current) {
        made++;
        session.current = createCredentialSession({
          roleArn: ROLE,
          tokenSource: tokens,
          sts: { region: 'us-east-1', fetch: stub.fetch },
          tabs: false,
        });
      }
      return (
        <StsProvider session={session.current}>
          <Status />
        </StsProvider>
      );
    }
    function Status() {
      return <p data-testid="s">{useAwsCredentials().status}</p>;
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('s').textContent).toBe('ready'));
    expect(stsCalls(stub)).toBe(1);
    expect(made).toBeLessThanOrEqual(2); // StrictMode renders twice; only one session is ever started
  });

  it('suspends until credentials are ready when asked to', async () => {
    const { session } = makeSession();
    function Inner() {
      const { credentials } = useAwsCredentials({ suspense: true });
      return <p data-testid="k">{credentials?.accessKeyId}</p>;
    }
    render(
      <StsProvider session={session}>
        <Suspense fallback={<p data-testid="wait">waiting</p>}>
          <Inner />
        </Suspense>
      </StsProvider>,
    );
    expect(screen.getByTestId('wait')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('k').textContent).toMatch(/^ASIA/));
  });

  it('clears every consumer on sign-out', async () => {
    const { session } = makeSession();
    function A() {
      return <p data-testid="a">{useAwsCredentials().credentials?.accessKeyId ?? 'none'}</p>;
    }
    function B() {
      return <p data-testid="b">{useAwsCredentials().status}</p>;
    }
    render(
      <StsProvider session={session}>
        <A />
        <B />
        <SignOutButton />
      </StsProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('a').textContent).toMatch(/^ASIA/));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('none'));
    expect(screen.getByTestId('b').textContent).toBe('signed-out');
  });
});

describe('components', () => {
  it('<RequireCredentials> shows loading, then the children', async () => {
    const { session } = makeSession();
    render(
      <StsProvider session={session}>
        <RequireCredentials>
          <p>secret area</p>
        </RequireCredentials>
      </StsProvider>,
    );
    expect(screen.getByRole('status').textContent).toMatch(/Getting AWS credentials/);
    await screen.findByText('secret area');
  });

  it('<RequireCredentials> prompts a signed-out user to sign in, usable from the keyboard', async () => {
    const tokens = createFakeTokenSource({ user: null });
    let signIns = 0;
    tokens.signIn = () => {
      signIns++;
      return Promise.resolve();
    };
    const { session } = makeSession({ tokens });
    render(
      <StsProvider session={session}>
        <RequireCredentials>
          <p>secret area</p>
        </RequireCredentials>
      </StsProvider>,
    );
    await screen.findByText('Sign in to continue.');
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.keyboard('{Enter}');
    expect(signIns).toBe(1);
    expect(screen.queryByText('secret area')).toBeNull();
  });

  it('<RequireCredentials> shows an error with its hint and a retry', async () => {
    const stub = createStsStub().respond(
      'AssumeRoleWithWebIdentity',
      stubError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', { status: 403 }),
    );
    const { session } = makeSession({ stub });
    render(
      <StsProvider session={session}>
        <RequireCredentials>
          <p>secret area</p>
        </RequireCredentials>
      </StsProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Not authorized/);
    expect(alert.textContent).toMatch(/trust policy/);
    stub.reset();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('secret area');
  });

  it('<RequireCredentials> uses the fallback when given', async () => {
    const { session } = makeSession({ tokens: createFakeTokenSource({ user: null }) });
    render(
      <StsProvider session={session}>
        <RequireCredentials fallback={<p>custom</p>}>
          <p>secret area</p>
        </RequireCredentials>
      </StsProvider>,
    );
    await screen.findByText('custom');
  });

  it('<CredentialsStatus> shows role, subject and a countdown, announcing status politely', async () => {
    const { session, clock } = makeSession();
    render(
      <StsProvider session={session}>
        <CredentialsStatus now={clock.now} className="mine" />
      </StsProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Credentials ready'));
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
    expect(document.querySelector('.wik-role')!.textContent).toBe('arn:aws:sts::123456789012:assumed-role/web/user-1');
    expect(document.querySelector('.wik-subject')!.textContent).toBe('user-1');
    expect(document.querySelector('.wik-expires time')!.textContent).toBe('1:00:00');
    expect(document.querySelector('.wik-status')!.className).toBe('wik-status wik-status-ready mine');
  });

  it('<SignInButton> is a real button with the given class and label', () => {
    const { session } = makeSession({ tokens: createFakeTokenSource({ user: null }) });
    render(
      <StsProvider session={session}>
        <SignInButton className="cta">Log in with ACME</SignInButton>
      </StsProvider>,
    );
    const b = screen.getByRole('button', { name: 'Log in with ACME' });
    expect(b.getAttribute('type')).toBe('button');
    expect(b.className).toBe('wik-sign-in cta');
  });
});
