export {
  createStsStub,
  stubError,
  stubRaw,
  stubNetworkFailure,
  stubDefault,
  StubDefault,
  StubError,
  StubRaw,
  StubNetworkFailure,
  type StsStub,
  type StsStubOptions,
  type StubbedRequest,
  type StubAnswer,
  type StubResponder,
} from './sts-stub';
export type { StsErrorAnswer } from './sts-xml';
export { createTestClock, type TestClock } from './test-clock';
export { createTestTabs, type TestTabs } from './test-tabs';
export { createFakeTokenSource, type FakeTokenSource } from './fake-token-source';
