/**
 * Inputs from Rucio in the run form: DIDs (picked with "Use in a workflow…"
 * in the Data section, or typed) each bound to a parameter of the workflow.
 * The server makes them available here (the parameter is then their path in
 * the workspace) or, on REANA, passes the DID and gives the steps Rucio.
 */
import { ISignal, Signal } from '@lumino/signaling';

/**
 * A DID offered to the run form, and the parameter it is bound to (null:
 * not used by this run).
 */
export interface IRucioInput {
  did: string;
  instance: string | null;
  parameter: string | null;
}

/**
 * What `POST reana/servers/{s}/runs` is sent for one bound DID.
 */
export interface IRucioInputRequest {
  did: string;
  parameter: string;
  instance?: string;
}

const DID = /^[A-Za-z0-9_.-]+:\S+$/;

/**
 * Whether a text is a DID (`scope:name`).
 */
export function isDid(text: string): boolean {
  return DID.test(text.trim());
}

/**
 * The DIDs of one run form.
 */
export class RucioInputs {
  constructor(offered: readonly IRucioInput[] = []) {
    this._inputs = offered.map(input => ({ ...input }));
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get inputs(): readonly IRucioInput[] {
    return this._inputs;
  }

  /**
   * Offer a DID (once).
   */
  add(did: string, instance: string | null = null): void {
    const text = did.trim();
    if (!isDid(text) || this._inputs.some(input => input.did === text)) {
      return;
    }
    this._inputs.push({ did: text, instance, parameter: null });
    this._changed.emit();
  }

  remove(did: string): void {
    this._inputs = this._inputs.filter(input => input.did !== did);
    this._changed.emit();
  }

  /**
   * Bind a DID to a parameter; a parameter takes one DID, so another DID
   * bound to it is let go.
   */
  bind(did: string, parameter: string | null): void {
    for (const input of this._inputs) {
      if (input.did === did) {
        input.parameter = parameter;
      } else if (parameter !== null && input.parameter === parameter) {
        input.parameter = null;
      }
    }
    this._changed.emit();
  }

  /**
   * The DID bound to a parameter, if any.
   */
  boundTo(parameter: string): string | null {
    return (
      this._inputs.find(input => input.parameter === parameter)?.did ?? null
    );
  }

  request(): IRucioInputRequest[] {
    return this._inputs
      .filter(input => input.parameter !== null)
      .map(input => ({
        did: input.did,
        parameter: input.parameter!,
        ...(input.instance ? { instance: input.instance } : {})
      }));
  }

  private _changed = new Signal<this, void>(this);
  private _inputs: IRucioInput[];
}
