const OS_NAMES: Record<string, string> = { linux: "Linux", darwin: "macOS", windows: "Windows" };

/** "macOS 14.5", "Linux 6.1" (the enroller's osVersion may already start with the OS name). */
export function formatOs(options: { os: string; osVersion: string }): string {
  const name = OS_NAMES[options.os] ?? options.os;
  const version = options.osVersion.trim();
  if (!version) return name;
  return version.toLowerCase().startsWith(name.toLowerCase()) || version.toLowerCase().startsWith(options.os.toLowerCase()) ? version : `${name} ${version}`;
}
