// Type-level checks, enforced by `tsc --noEmit` in npm test: the kit's inputs and outputs are
// interchangeable with @aws-sdk/client-sts's, so code moves between them without casts.
import type * as sdk from '@aws-sdk/client-sts';
import { describe, expectTypeOf, it } from 'vitest';
import type * as kit from '../../src/sts/index';

describe('types match @aws-sdk/client-sts', () => {
  it('requests can be passed to the SDK (the kit is stricter: required members may not be undefined)', () => {
    expectTypeOf<kit.AssumeRoleWithWebIdentityRequest>().toExtend<sdk.AssumeRoleWithWebIdentityRequest>();
    expectTypeOf<kit.AssumeRoleRequest>().toExtend<sdk.AssumeRoleRequest>();
    expectTypeOf<kit.AssumeRoleWithSAMLRequest>().toExtend<sdk.AssumeRoleWithSAMLRequest>();
    expectTypeOf<kit.AssumeRootRequest>().toExtend<sdk.AssumeRootRequest>();
    expectTypeOf<kit.GetSessionTokenRequest>().toExtend<sdk.GetSessionTokenRequest>();
    expectTypeOf<kit.GetFederationTokenRequest>().toExtend<sdk.GetFederationTokenRequest>();
    expectTypeOf<kit.GetWebIdentityTokenRequest>().toExtend<sdk.GetWebIdentityTokenRequest>();
    expectTypeOf<kit.GetScopedCredentialsRequest>().toExtend<sdk.GetScopedCredentialsRequest>();
  });

  it('outputs can be used where the SDK output is expected, and the other way round', () => {
    expectTypeOf<sdk.AssumeRoleWithWebIdentityResponse>().toExtend<kit.AssumeRoleWithWebIdentityResponse>();
    expectTypeOf<sdk.GetFederationTokenResponse>().toExtend<kit.GetFederationTokenResponse>();
    expectTypeOf<kit.AssumeRoleWithWebIdentityResponse>().toExtend<sdk.AssumeRoleWithWebIdentityResponse>();
    expectTypeOf<kit.AssumeRoleResponse>().toExtend<sdk.AssumeRoleResponse>();
    expectTypeOf<kit.GetCallerIdentityResponse>().toExtend<sdk.GetCallerIdentityResponse>();
    expectTypeOf<kit.GetSessionTokenResponse>().toExtend<sdk.GetSessionTokenResponse>();
    expectTypeOf<NonNullable<kit.Credentials['Expiration']>>().toEqualTypeOf<Date>();
  });

  it("has the SDK's Command{Input,Output} names, outputs with $metadata, usable both ways", () => {
    expectTypeOf<kit.AssumeRoleWithWebIdentityCommandInput>().toExtend<sdk.AssumeRoleWithWebIdentityCommandInput>();
    expectTypeOf<kit.AssumeRoleCommandInput>().toExtend<sdk.AssumeRoleCommandInput>();
    expectTypeOf<kit.GetSessionTokenCommandInput>().toExtend<sdk.GetSessionTokenCommandInput>();
    expectTypeOf<sdk.AssumeRoleWithWebIdentityCommandOutput>().toExtend<kit.AssumeRoleWithWebIdentityCommandOutput>();
    expectTypeOf<kit.AssumeRoleWithWebIdentityCommandOutput>().toExtend<sdk.AssumeRoleWithWebIdentityCommandOutput>();
    expectTypeOf<kit.GetCallerIdentityCommandOutput>().toExtend<sdk.GetCallerIdentityCommandOutput>();
    expectTypeOf<kit.AssumeRoleWithWebIdentityCommandOutput>().toEqualTypeOf<kit.WebIdentityOutput>();
    // What the client's method returns is the named output.
    expectTypeOf<Awaited<ReturnType<kit.StsClient['assumeRole']>>>().toEqualTypeOf<kit.AssumeRoleCommandOutput>();
  });

  it('required members are required and the rest optional', () => {
    expectTypeOf<{ RoleArn: string; RoleSessionName: string; WebIdentityToken: string }>().toExtend<kit.AssumeRoleWithWebIdentityRequest>();
    expectTypeOf<{ RoleArn: string; RoleSessionName: string }>().not.toExtend<kit.AssumeRoleWithWebIdentityRequest>();
  });
});
