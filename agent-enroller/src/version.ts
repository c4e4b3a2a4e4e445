/** The enroller's own version, reported at enroll and check-in. Bumped with agent-enroller/package.json. */
export const ENROLLER_VERSION = "0.1.0";
