/** The ajv releases whose standalone output the generated validators are (and the runtime reads). */
export const AJV_RANGE = "^8.17.0";
export const AJV_FORMATS_RANGE = "^3.0.1";
