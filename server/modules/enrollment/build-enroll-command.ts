/** The one line an admin pastes on a device (or pushes through Intune/Jamf/Ansible). */
export function buildEnrollCommand(options: { publicUrl: string; token: string }): string {
  const base = options.publicUrl.replace(/\/+$/, "");
  return `curl -fsSL ${base}/enroll.sh | sh -s -- ${options.token}`;
}
