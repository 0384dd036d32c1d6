export * from './evaluate';
export * from './matrix';
export * from './platform-matrix';
export * from './service-requests';
export * from './stack-model';
export * from './static-checks';
export * from './terraform-values';
export * from './reach';
