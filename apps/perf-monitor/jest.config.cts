module.exports = {
  displayName: 'perf-monitor',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/perf-monitor',
};
