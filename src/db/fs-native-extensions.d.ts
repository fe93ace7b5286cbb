// The part of fs-native-extensions (a native addon without its own types) that the data-directory lock uses.
declare module 'fs-native-extensions' {
  /** An exclusive (or shared) lock on the whole file; false when another open file holds a conflicting one. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
