/**
 * A form that sends something to a Rucio destination (an upload, a
 * registration) as a job the panel follows.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IJob } from '../api';
import { IJobMessages, JobFollower } from '../components/jobs';
import { Model } from '../components/model';
import { RucioDestination } from './destination';

/**
 * How to start a form's job, and what to say of it.
 */
export interface IFormJob {
  start: () => Promise<IJob>;
  messages: IJobMessages;
}

/**
 * The model of a form with a destination.
 */
export abstract class DestinationForm extends Model {
  constructor(options: RucioDestination.IOptions) {
    super();
    this.destination = new RucioDestination(options);
    this.destination.changed.connect(this.emitChanged, this);
    this.trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  /**
   * The instance, RSE and scope the files go to.
   */
  readonly destination: RucioDestination;

  /**
   * What is wrong with the form, or null when it can be sent.
   */
  abstract get problem(): string | null;

  dispose(): void {
    this.destination.dispose();
    super.dispose();
  }

  /**
   * Start the job and follow it; a retry sends the form again.
   *
   * @throws {Error} when the form is not complete
   */
  submit(follow: JobFollower): Promise<IJob> {
    const problem = this.problem;
    if (problem) {
      return Promise.reject(new Error(problem));
    }
    const { start, messages } = this.job();
    const retry = (): void => {
      void this.submit(follow).catch(() => undefined);
    };
    return follow(start, messages, retry);
  }

  /**
   * The job of the complete form.
   */
  protected abstract job(): IFormJob;

  protected readonly trans: TranslationBundle;
}
