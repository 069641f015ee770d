// Runs botocore's STS endpoint tests (generated from the rule set) against resolveStsEndpoint.
import { describe, it, expect } from 'vitest';
import { readOracleJson } from './oracles';
import { resolveStsEndpoint, type EndpointSettings } from '../src/sts/endpoint';
import { StsConfigurationError } from '../src/sts/errors';

interface EndpointTestCase {
  documentation: string;
  params?: Record<string, string | boolean>;
  operationInputs?: { builtInParams?: Record<string, string | boolean> }[];
  expect: {
    error?: string;
    endpoint?: { url: string; properties?: { authSchemes?: { signingRegion?: string }[] } };
  };
}

const { testCases } = readOracleJson<{ testCases: EndpointTestCase[] }>('sts', 'botocore-endpoint-tests-1.json');

// Rule-set parameter and SDK built-in names, each mapped to the setting that feeds it.
const SETTING_OF: Record<string, keyof EndpointSettings> = {
  Region: 'region',
  UseFIPS: 'useFipsEndpoint',
  UseDualStack: 'useDualstackEndpoint',
  Endpoint: 'endpoint',
  UseGlobalEndpoint: 'useGlobalEndpoint',
  'AWS::Region': 'region',
  'AWS::UseFIPS': 'useFipsEndpoint',
  'AWS::UseDualStack': 'useDualstackEndpoint',
  'SDK::Endpoint': 'endpoint',
  'AWS::STS::UseGlobalEndpoint': 'useGlobalEndpoint',
};

function settingsFor(testCase: EndpointTestCase): EndpointSettings {
  const settings: Record<string, string | boolean> = {};
  const sources = [testCase.params ?? {}, ...(testCase.operationInputs ?? []).map((op) => op.builtInParams ?? {})];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      const setting = SETTING_OF[name];
      if (!setting) throw new Error(`unmapped endpoint parameter ${name}`);
      if (setting in settings && settings[setting] !== value) {
        throw new Error(`${name}=${String(value)} conflicts with ${setting}=${String(settings[setting])}`);
      }
      settings[setting] = value;
    }
  }
  return settings;
}

describe('STS endpoint rule set (botocore endpoint-tests-1.json)', () => {
  it('has all 69 cases', () => {
    expect(testCases).toHaveLength(69);
  });

  it.each(testCases.map((c) => [c.documentation, c] as const))('%s', (_, testCase) => {
    const settings = settingsFor(testCase);
    const { error, endpoint } = testCase.expect;
    if (error !== undefined) {
      expect(() => resolveStsEndpoint(settings)).toThrow(StsConfigurationError);
      expect(() => resolveStsEndpoint(settings)).toThrow(error);
      return;
    }
    const signingRegion = endpoint!.properties?.authSchemes?.[0]?.signingRegion ?? settings.region ?? 'us-east-1';
    expect(resolveStsEndpoint(settings)).toEqual({ url: endpoint!.url, signingRegion });
  });
});
