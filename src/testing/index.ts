export {
  createStsStub,
  stubError,
  stubRaw,
  stubNetworkFailure,
  StubError,
  StubRaw,
  StubNetworkFailure,
  type StsStub,
  type StsStubOptions,
  type StubbedRequest,
  type StubAnswer,
  type StubResponder,
} from './sts-stub';
export { renderSuccessXml, renderErrorXml, type StsErrorAnswer } from './sts-xml';
export { parseForm, readQuery } from './query-params';
