import { firstPathSuite } from './first-path.suite';

// The mode of `npm start -- --replicas 2`: every app a process from dist, two of each service.
firstPathSuite('replicas');
