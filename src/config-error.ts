// The one error an invalid setting raises: it names the variable (main.ts prints it and exits).
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}
