export * from './model';
export * from './plugin';
export * from './section';
export * from './types';
