// Minimal typings for the part of better-sqlite3 this backend uses (the package ships none, and
// @types/better-sqlite3 is not installed). Delete this file if @types/better-sqlite3 is ever added.
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<BindParameters extends unknown[] = unknown[]> {
      run(...params: BindParameters): RunResult;
      get(...params: BindParameters): unknown;
      all(...params: BindParameters): unknown[];
      iterate(...params: BindParameters): IterableIterator<unknown>;
      pluck(toggle?: boolean): this;
      raw(toggle?: boolean): this;
      readonly reader: boolean;
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...params: Parameters<F>): ReturnType<F>;
      default(...params: Parameters<F>): ReturnType<F>;
      deferred(...params: Parameters<F>): ReturnType<F>;
      immediate(...params: Parameters<F>): ReturnType<F>;
      exclusive(...params: Parameters<F>): ReturnType<F>;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
      nativeBinding?: string;
      verbose?: (message?: unknown, ...rest: unknown[]) => void;
    }
    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      readonly name: string;
      prepare<P extends unknown[] = unknown[]>(sql: string): Statement<P>;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      close(): this;
    }
  }
  interface DatabaseConstructor {
    new (filename?: string, options?: BetterSqlite3.Options): BetterSqlite3.Database;
    (filename?: string, options?: BetterSqlite3.Options): BetterSqlite3.Database;
  }
  const Database: DatabaseConstructor;
  namespace Database {
    type Database = BetterSqlite3.Database;
    type Statement<P extends unknown[] = unknown[]> = BetterSqlite3.Statement<P>;
    type RunResult = BetterSqlite3.RunResult;
  }
  export = Database;
}
