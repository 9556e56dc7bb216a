/**
 * Attaching DIDs to notebooks as variables: make the DID available, bind
 * the variable in the notebook's kernel, record the attachment in the
 * notebook's metadata, and bind every recorded variable again whenever the
 * kernel (re)starts. The state of each attachment is kept here for the
 * Data panel's Notebook tab.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
import {
  addAttachment,
  IAttachment,
  IMetadataHolder,
  readAttachments,
  removeAttachment
} from './attachments';
import { JobFollower } from '../components/jobs';
import { Emitter } from '../components/model';
import { ensureAvailable } from './availability';
import { RucioClient } from './client';
import { assignmentCode, pathsValue } from './pythoncode';
import { IRucioPaths } from './types';

/**
 * A notebook DIDs can be attached to.
 */
export interface IAttachableNotebook {
  /** A stable id (the notebook widget's). */
  readonly id: string;
  /** The notebook's title, for the user. */
  readonly title: string;
  /** The notebook's path relative to the server root, if it has one. */
  readonly path?: string;
  /** The notebook's metadata, or null when it has no model (closed). */
  readonly metadata: IMetadataHolder | null;
  /**
   * Run code silently in the notebook's kernel (no output, no history).
   *
   * @throws {Error} when there is no kernel or the code raised
   */
  execute(code: string): Promise<void>;
  /**
   * Make the kernel wait, from this call on, for the values of `variables`
   * (sent at once, so it runs before any cell sent after), or null when
   * there is no Python kernel to hold.
   */
  hold?(variables: string[]): IKernelHold | null;
}

/**
 * A DID bound to a notebook's variable.
 */
export interface IAttached {
  notebook: IAttachableNotebook;
  attachment: IAttachment;
}

/**
 * A kernel waiting for the values of variables to bind.
 */
export interface IKernelHold {
  /**
   * Send the values (those missing stay unbound) and let the kernel go on.
   *
   * @throws {Error} when the kernel could not wait (no vre_lab in it)
   */
  release(values: Record<string, string | string[]>): Promise<void>;
}

/**
 * Where one attachment stands in its notebook's kernel.
 *
 * - `pending`: recorded, not bound in this kernel yet.
 * - `checking`: asking the server for the DID's paths.
 * - `making-available`: a make-available job runs.
 * - `injected`: the variable is bound in the kernel.
 * - `failed`: it could not be bound; `message` says why.
 */
export type AttachmentState =
  'pending' | 'checking' | 'making-available' | 'injected' | 'failed';

/**
 * One attachment and its state.
 */
export interface IAttachmentStatus {
  attachment: IAttachment;
  state: AttachmentState;
  message: string;
  /** Whether it is recorded in the notebook's metadata. */
  recorded: boolean;
}

/**
 * The model of every notebook's attachments.
 */
export class AttachmentManager extends Emitter {
  constructor(options: AttachmentManager.IOptions) {
    super();
    this.client = options.client;
    this._follow = options.follow;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: RucioClient;

  /**
   * Emitted with a notebook's id when its attachments or their states change.
   */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /**
   * Emitted when a DID was bound to a notebook's variable and recorded
   * (not when it is bound again after a restart).
   */
  get attached(): ISignal<this, IAttached> {
    return this._attached;
  }

  /**
   * The attachments of a notebook with their states: those recorded in its
   * metadata, then new ones still on their way (or failed).
   */
  statuses(notebook: IAttachableNotebook): IAttachmentStatus[] {
    const states = this._states.get(notebook.id) ?? new Map();
    const recorded = notebook.metadata
      ? readAttachments(notebook.metadata)
      : [];
    const result: IAttachmentStatus[] = recorded.map(attachment => {
      const status = states.get(attachment.variable);
      return {
        attachment,
        state: status?.state ?? 'pending',
        message: status?.message ?? '',
        recorded: true
      };
    });
    for (const status of states.values()) {
      if (!recorded.some(a => a.variable === status.attachment.variable)) {
        result.push({ ...status, recorded: false });
      }
    }
    return result;
  }

  /**
   * Attach a DID to a notebook: make it available if needed, bind the
   * variable in the kernel, and record the attachment in the metadata.
   *
   * @throws the failure (the attachment's state says it too)
   */
  attach(
    notebook: IAttachableNotebook,
    attachment: IAttachment
  ): Promise<void> {
    return this._enqueue(notebook, async () => {
      await this._inject(notebook, attachment);
      if (notebook.metadata) {
        addAttachment(notebook.metadata, attachment);
      }
      this._changed.emit(notebook.id);
      this._attached.emit({ notebook, attachment });
    });
  }

  /**
   * Bind every variable recorded in a notebook's metadata again (after its
   * kernel started or restarted). Never throws: failures are states.
   */
  reinjectAll(notebook: IAttachableNotebook): Promise<void> {
    const attachments = notebook.metadata
      ? readAttachments(notebook.metadata)
      : [];
    if (!attachments.length) {
      return Promise.resolve();
    }
    // Before anything is awaited: the kernel holds the cells sent after.
    const hold = notebook.hold?.(attachments.map(a => a.variable)) ?? null;
    return this._enqueue(notebook, async () => {
      for (const attachment of attachments) {
        this._setState(notebook, attachment, 'pending', '');
      }
      const values: Record<string, IRucioPaths> = {};
      const sent: Record<string, string | string[]> = {};
      for (const attachment of attachments) {
        try {
          values[attachment.variable] = await this._available(
            notebook,
            attachment
          );
          sent[attachment.variable] = pathsValue(values[attachment.variable]);
        } catch {
          // The state says what went wrong.
        }
      }
      const bound = attachments.filter(a => a.variable in values);
      if (hold) {
        try {
          await hold.release(sent);
          bound.forEach(a => this._setState(notebook, a, 'injected', ''));
          return;
        } catch {
          // A kernel without vre_lab: bind them one by one.
        }
      }
      for (const attachment of bound) {
        try {
          await this._bind(notebook, attachment, values[attachment.variable]);
        } catch {
          // The state says what went wrong.
        }
      }
    });
  }

  /**
   * Remove a notebook's attachment (the kernel keeps its variable until it
   * restarts).
   */
  remove(notebook: IAttachableNotebook, variable: string): void {
    if (notebook.metadata) {
      removeAttachment(notebook.metadata, variable);
    }
    this._states.get(notebook.id)?.delete(variable);
    this._changed.emit(notebook.id);
  }

  /**
   * Forget the states of a closed notebook.
   */
  forget(notebookId: string): void {
    this._states.delete(notebookId);
    this._queues.delete(notebookId);
  }

  dispose(): void {
    this._states.clear();
    super.dispose();
  }

  private async _inject(
    notebook: IAttachableNotebook,
    attachment: IAttachment
  ): Promise<void> {
    const paths = await this._available(notebook, attachment);
    await this._bind(notebook, attachment, paths);
  }

  /**
   * The DID's paths, made available first if needed.
   */
  private async _available(
    notebook: IAttachableNotebook,
    attachment: IAttachment
  ): Promise<IRucioPaths> {
    this._setState(notebook, attachment, 'checking', '');
    try {
      return await ensureAvailable(this.client, attachment, {
        follow: this._follow,
        trans: this._trans,
        onMakingAvailable: () =>
          this._setState(
            notebook,
            attachment,
            'making-available',
            this._trans.__('Making %1 available…', attachment.did)
          ),
        retry: () => {
          void this.attach(notebook, attachment).catch(() => undefined);
        }
      });
    } catch (error) {
      this._setState(notebook, attachment, 'failed', errorMessage(error));
      throw error;
    }
  }

  private async _bind(
    notebook: IAttachableNotebook,
    attachment: IAttachment,
    paths: IRucioPaths
  ): Promise<void> {
    try {
      await notebook.execute(assignmentCode(attachment.variable, paths));
      this._setState(notebook, attachment, 'injected', '');
    } catch (error) {
      this._setState(notebook, attachment, 'failed', errorMessage(error));
      throw error;
    }
  }

  private _enqueue(
    notebook: IAttachableNotebook,
    work: () => Promise<void>
  ): Promise<void> {
    const previous = this._queues.get(notebook.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this._queues.set(notebook.id, next);
    return next;
  }

  private _setState(
    notebook: IAttachableNotebook,
    attachment: IAttachment,
    state: AttachmentState,
    message: string
  ): void {
    let states = this._states.get(notebook.id);
    if (!states) {
      states = new Map();
      this._states.set(notebook.id, states);
    }
    states.set(attachment.variable, {
      attachment,
      state,
      message,
      recorded: false
    });
    if (!this.isDisposed) {
      this._changed.emit(notebook.id);
    }
  }

  private _attached = new Signal<this, IAttached>(this);
  private _changed = new Signal<this, string>(this);
  private _follow: JobFollower;
  private _queues = new Map<string, Promise<void>>();
  private _states = new Map<string, Map<string, IAttachmentStatus>>();
  private _trans: TranslationBundle;
}

/**
 * The namespace for `AttachmentManager` statics.
 */
export namespace AttachmentManager {
  export interface IOptions {
    client: RucioClient;
    /** Follows make-available jobs (with a notification in the lab). */
    follow: JobFollower;
    trans?: TranslationBundle;
  }
}
