export * from './model';
export * from './section';
export * from './types';
