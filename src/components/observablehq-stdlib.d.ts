// Framework's standard library as a local module sees it (`import {FileAttachment} from "observablehq:stdlib"`):
// only what the components use, so that tsc checks them.
declare module 'observablehq:stdlib' {
  export interface AttachedFile {
    json(): Promise<unknown>;
    url(): Promise<string>;
  }
  export function FileAttachment(name: string): AttachedFile;
}
