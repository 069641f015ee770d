import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A build from a clean checkout (CI) gains nothing from Turbopack's disk cache, and writing it
  // takes a quarter of the build here.
  experimental: { turbopackFileSystemCacheForBuild: false },
};

export default nextConfig;
