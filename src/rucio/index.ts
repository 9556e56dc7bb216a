export * from './model';
export * from './section';
