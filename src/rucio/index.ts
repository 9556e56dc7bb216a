export * from './model';
export * from './datasection';
