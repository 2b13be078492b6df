module.exports = {
  displayName: 'db-entities',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/db-entities',
};
